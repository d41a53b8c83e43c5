/**
 * tldraw exports rich text (sticky notes, text, labels) as HTML inside <foreignObject>, which
 * the server strips from the picture (HTML has no place in an image someone else opens). So
 * before uploading, each foreignObject's text is redrawn as SVG <text>, one line per rendered
 * line, at the position the browser actually laid it out: the words are measured in the live
 * page, and the element is then removed. Best effort — the result is a picture, not a layout.
 */

const WORD = /\S+/g;

interface Line {
	left: number;
	top: number;
	bottom: number;
	words: string[];
	style: CSSStyleDeclaration;
}

/** Replaces every foreignObject of `svg` by SVG text; returns the serialized document. */
export function flattenForeignObjects(svg: SVGSVGElement): string {
	const host = document.createElement('div');
	host.setAttribute('aria-hidden', 'true');
	host.style.cssText = 'position:fixed;left:0;top:0;opacity:0;pointer-events:none;z-index:-1;contain:layout;';
	host.append(svg);
	document.body.append(host);
	try {
		for (const object of [...svg.querySelectorAll('foreignObject')]) {
			const parent = object.parentNode;
			if (parent instanceof SVGGraphicsElement) {
				const matrix = parent.getScreenCTM()?.inverse();
				if (matrix) for (const text of linesAsText(object, matrix)) parent.insertBefore(text, object);
			}
			object.remove();
		}
		return new XMLSerializer().serializeToString(svg);
	} finally {
		host.remove();
	}
}

function linesAsText(object: SVGForeignObjectElement, toUser: DOMMatrix): SVGTextElement[] {
	const lines: Line[] = [];
	const walker = document.createTreeWalker(object, NodeFilter.SHOW_TEXT);
	for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
		const element = node.parentElement;
		if (!element) continue;
		const style = getComputedStyle(element);
		if (style.display === 'none' || style.visibility === 'hidden') continue;
		for (const match of node.data.matchAll(WORD)) {
			const range = document.createRange();
			range.setStart(node, match.index);
			range.setEnd(node, match.index + match[0].length);
			const rect = range.getBoundingClientRect();
			if (rect.width === 0 && rect.height === 0) continue;
			const line = lines.find((l) => l.style === style && Math.abs(l.top - rect.top) < rect.height / 2);
			if (line) {
				line.words.push(match[0]);
				line.left = Math.min(line.left, rect.left);
				line.bottom = Math.max(line.bottom, rect.bottom);
			} else lines.push({ left: rect.left, top: rect.top, bottom: rect.bottom, words: [match[0]], style });
		}
	}
	const scale = Math.hypot(toUser.a, toUser.b) || 1;
	return lines.map((line) => {
		const text = document.createElementNS('http://www.w3.org/2000/svg', 'text');
		const fontSize = parseFloat(line.style.fontSize) || 16;
		// The baseline sits about a fifth of the font size above the bottom of the line box.
		const at = new DOMPoint(line.left, line.bottom - (line.bottom - line.top - fontSize) / 2 - fontSize * 0.22).matrixTransform(toUser);
		text.setAttribute('x', at.x.toFixed(1));
		text.setAttribute('y', at.y.toFixed(1));
		text.setAttribute('font-size', (fontSize * scale).toFixed(2));
		text.setAttribute('font-family', line.style.fontFamily);
		text.setAttribute('font-weight', line.style.fontWeight);
		if (line.style.fontStyle !== 'normal') text.setAttribute('font-style', line.style.fontStyle);
		text.setAttribute('fill', line.style.color);
		text.setAttribute('xml:space', 'preserve');
		text.textContent = line.words.join(' ');
		return text;
	});
}
