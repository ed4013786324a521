// A trace's Markdown as paragraphs of plain text, for the PDF and the print view: structure kept
// (paragraphs, list items, quotes), markup dropped; nothing is ever interpreted as HTML.
import MarkdownIt from "markdown-it";

const parser = new MarkdownIt({ html: false, linkify: false });

type Token = ReturnType<MarkdownIt["parse"]>[number];

function inlineText(token: Token): string {
  let text = "";
  for (const child of token.children ?? []) {
    if (child.type === "text" || child.type === "code_inline") text += child.content;
    else if (child.type === "softbreak") text += " ";
    else if (child.type === "hardbreak") text += "\n";
    else if (child.type === "image") text += child.content;
  }
  return text;
}

/** Paragraphs of plain text (list items start with "• ", quotes with "« … »"-free indentation). */
export function markdownParagraphs(markdown: string): string[] {
  const tokens = parser.parse(markdown, {});
  const paragraphs: string[] = [];
  let listDepth = 0;
  for (const token of tokens) {
    if (token.type === "bullet_list_open" || token.type === "ordered_list_open") listDepth += 1;
    else if (token.type === "bullet_list_close" || token.type === "ordered_list_close") listDepth -= 1;
    else if (token.type === "inline") {
      const text = inlineText(token).trim();
      if (text) paragraphs.push(listDepth > 0 ? `${"  ".repeat(listDepth - 1)}• ${text}` : text);
    } else if (token.type === "fence" || token.type === "code_block") {
      const text = token.content.trimEnd();
      if (text) paragraphs.push(text);
    }
  }
  return paragraphs;
}
