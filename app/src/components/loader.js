// The one script of every page (app::components::scripts). Pages are complete without it: every
// form posts and every link navigates. With it:
// - a form that posts to a server function is sent in the background and the page the server
//   answers with takes the place of the body (no page load, no second request); when the server
//   refused it, the form keeps everything typed in it (files too) and the refusal shows beside it;
// - the islands' wasm is fetched only on pages that have an island (`<leptos-island>`), then
//   each island's function runs on its element;
// - `data-hydrated="1"` on <html> says the page is interactive (tests and styles wait for it).
((js, wasm) => {
	const root = document.documentElement;
	const MARKERS = ["__err", "__path", "__done"];
	// the address whose page is on screen
	let displayed = location.pathname + location.search;

	// The markers a form's redirect carries are for this one view: a reload or a shared link
	// should not show the message again.
	const shown = (url) => {
		const clean = new URL(url);
		for (const k of MARKERS) clean.searchParams.delete(k);
		return clean.pathname + clean.search + clean.hash;
	};

	let wasmModule = null;
	const hydrateIslands = async (within) => {
		const islands = within.querySelectorAll("leptos-island");
		if (islands.length === 0) return;
		if (!wasmModule) {
			const mod = await import(js);
			await mod.default({ module_or_path: wasm });
			mod.hydrate();
			wasmModule = mod;
		}
		for (const el of islands) {
			const island = wasmModule[el.dataset.component];
			if (island) await island(el);
			else console.warn(`no island named ${el.dataset.component}`);
		}
	};

	// Forms of the same action, in document order: how a form is found again in the next page.
	const sameAction = (doc, form) =>
		[...doc.querySelectorAll("form")].filter((f) => f.getAttribute("action") === form.getAttribute("action"));

	// Whether a field holds something else than the page came with.
	const changed = (el) => {
		if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
		if (el.type === "file") return el.files.length > 0;
		if (el.options) return [...el.options].some((o) => o.selected !== o.defaultSelected);
		return el.value !== el.defaultValue;
	};

	// What was typed into `from`, into the same fields of `to` (the form as the answer renders it):
	// every field, or (`onlyChanged`) those changed since the page came.
	const carryOver = (from, to, onlyChanged) => {
		const fields = (f) => [...f.elements].filter((e) => e.name && !["hidden", "submit", "button", "reset"].includes(e.type));
		const targets = fields(to);
		const seen = new Map();
		for (const el of fields(from)) {
			const nth = seen.get(el.name) ?? 0;
			seen.set(el.name, nth + 1);
			const twin = targets.filter((t) => t.name === el.name)[nth];
			if (!twin || twin.type !== el.type || (onlyChanged && !changed(el))) continue;
			if (el.type === "checkbox" || el.type === "radio") twin.checked = el.checked;
			else if (el.type === "file") twin.files = el.files;
			else if (el.multiple && el.options) for (const [i, o] of [...el.options].entries()) { if (twin.options[i]) twin.options[i].selected = o.selected; }
			else twin.value = el.value;
		}
	};

	// The answer's body in place of this one; when the form was refused, with what was typed in
	// it; and what was typed meanwhile into other forms stays too.
	const show = (doc, url, form, refused) => {
		const before = location.pathname;
		const twin = (f) => sameAction(doc, f)[sameAction(document, f).indexOf(f)];
		if (refused) {
			if (!twin(form)) return false;
			carryOver(form, twin(form), false);
		}
		for (const other of document.querySelectorAll("form")) {
			const next = other !== form && twin(other);
			if (next) carryOver(other, next, true);
		}
		document.body.replaceWith(document.adoptNode(doc.body));
		document.title = doc.title;
		root.setAttribute("lang", doc.documentElement.getAttribute("lang") || root.getAttribute("lang"));
		root.className = doc.documentElement.className;
		const target = shown(url);
		if (target === location.pathname + location.search + location.hash) history.replaceState(null, "", target);
		else history.pushState(null, "", target);
		displayed = location.pathname + location.search;
		const news = document.querySelector(".form-error, .form-done");
		if (news) {
			for (let d = news.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
			news.scrollIntoView({ block: "center" });
		}
		else if (location.pathname !== before) window.scrollTo(0, 0);
		hydrateIslands(document.body).catch((e) => console.error(e));
		return true;
	};

	let inFlight = 0;
	document.addEventListener("submit", async (ev) => {
		const form = ev.target;
		if (!(form instanceof HTMLFormElement) || ev.defaultPrevented || form.dataset.native) return;
		if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
		const action = new URL(form.action, location.href);
		if (action.origin !== location.origin || !action.pathname.startsWith("/sf/")) return;
		ev.preventDefault();
		if (form.dataset.sending) return; // a second click while the first is on its way
		form.dataset.sending = "1";
		form.setAttribute("aria-busy", "true");
		inFlight += 1;
		root.dataset.sending = "1"; // until every answer is on screen (tests wait for it)
		try {
			const data = new FormData(form, ev.submitter);
			const multipart = form.enctype === "multipart/form-data";
			const res = await fetch(action, {
				method: "POST",
				body: multipart ? data : new URLSearchParams(data),
				headers: { Accept: "text/html" },
				credentials: "same-origin",
			});
			const type = res.headers.get("content-type") || "";
			const next = new URL(res.url);
			if (next.origin === location.origin && type.startsWith("text/html")) {
				const doc = new DOMParser().parseFromString(await res.text(), "text/html");
				// (a refused form not found in the answer: the answer as a page, as without JavaScript)
				if (!show(doc, next.href, form, next.searchParams.has("__err"))) location.assign(next.href);
			} else if (!res.ok) {
				// refused before it reached the form's handling (too large, too many at once)
				const note = document.createElement("p");
				note.className = "form-error";
				note.setAttribute("role", "alert");
				note.textContent =
					root.lang === "en"
						? `The form could not be sent (${res.status}). Please try again.`
						: `보내지 못했습니다 (${res.status}). 다시 시도해 주세요.`;
				form.querySelector(".form-error")?.remove();
				form.append(note);
			} else {
				location.reload();
			}
		} catch {
			// the network (or an old browser) failed us: the browser sends it as without JavaScript
			form.dataset.native = "1";
			form.requestSubmit(ev.submitter);
		} finally {
			delete form.dataset.sending;
			form.removeAttribute("aria-busy");
			inFlight -= 1;
			if (inFlight === 0) delete root.dataset.sending;
		}
	});
	// Pages shown by the form handling have no document of their own to go back to: going back
	// (or forward) to another address loads it.
	addEventListener("popstate", () => {
		if (location.pathname + location.search !== displayed) location.reload();
	});

	const here = shown(location.href);
	if (here !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", here);
	displayed = location.pathname + location.search;
	hydrateIslands(document)
		.then(() => root.setAttribute("data-hydrated", "1"))
		.catch((e) => console.error("the page's interactive parts failed to load", e));
})
