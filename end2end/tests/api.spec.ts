import { test, expect, jsOn } from './fixtures';
import { Validator } from '@seriousme/openapi-schema-validator';

test('the OpenAPI document is a valid OpenAPI 3.1 document', async ({ request }, info) => {
  test.skip(!jsOn(info.project.name), 'no browser involved: once is enough');
  const res = await request.get('/api/v1/openapi.json');
  expect(res.ok()).toBe(true);
  const doc = await res.json();
  expect(doc.openapi).toBe('3.1.0');
  const validator = new Validator();
  const result = await validator.validate(doc);
  expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
  expect(result.valid).toBe(true);
});

test('the REST API lists 25 districts and problem+json errors', async ({ request }, info) => {
  test.skip(!jsOn(info.project.name), 'no browser involved: once is enough');
  const districts = await (await request.get('/api/v1/districts')).json();
  expect(districts).toHaveLength(25);
  const res = await request.get('/api/v1/dongs/1141099999');
  expect(res.status()).toBe(404);
  expect(res.headers()['content-type']).toBe('application/problem+json');
});

test('the API page lists the operations', async ({ page }) => {
  await page.goto('/developers');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('개발자용 공개 API');
  await expect(page.getByRole('cell', { name: '/api/v1/dongs/{code}', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: '/api/v1/proposals/{id}/support', exact: true }).first()).toBeVisible();
});
