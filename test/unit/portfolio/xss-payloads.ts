// Hostile Markdown and HTML a trace body or a comment might carry; shared by the unit and
// integration tests. Each must render without any way to run script or load active content.
export const XSS_PAYLOADS: readonly string[] = [
  "<script>alert(1)</script>",
  "<ScRiPt>alert('mixed case')</sCrIpT>",
  "<script src=https://evil.example/x.js></script>",
  "<img src=x onerror=alert(1)>",
  "<IMG SRC=x OnErRoR=alert(1)>",
  '<a href="javascript:alert(1)">click</a>',
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click](  javascript:alert(1))",
  "[click](&#106;avascript:alert(1))",
  "[click](&#x6A;avascript&#x3A;alert(1))",
  "[click](java\tscript:alert(1))",
  '<a href="jav&#x09;ascript:alert(1)">tab</a>',
  "![pic](javascript:alert(1))",
  '![pic](x" onerror="alert(1))',
  "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  '<a href="data:text/html,<script>alert(1)</script>">d</a>',
  "![d](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  "<svg onload=alert(1)></svg>",
  "<svg><script>alert(1)</script></svg>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  '<iframe src="https://evil.example"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
  "<style>body{background:url(javascript:alert(1))}</style>",
  '<p style="background:url(javascript:alert(1))">styled</p>',
  '<div onclick="alert(1)" onmouseover="alert(2)">hover</div>',
  "<!-- <script>alert(1)</script> -->",
  "<!--><script>alert(1)</script>-->",
  "<body onload=alert(1)>",
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<input autofocus onfocus="alert(1)">',
  '<details open ontoggle="alert(1)">',
  "<a href='vbscript:msgbox(1)'>vb</a>",
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  "`<script>alert(1)</script>`",
  "```html\n<script>alert(1)</script>\n```",
  '<a href="https://ok.example" onclick="alert(1)">ok link</a>',
  "<scr<script>ipt>alert(1)</script>",
  '"><script>alert(1)</script>',
  '<video><source onerror="alert(1)"></video><audio src=x onerror=alert(1)>',
  '<a href="//evil.example/protocol-relative">pr</a>',
  "<template><script>alert(1)</script></template>",
];

const ALLOWED_TAGS = new Set([
  "p",
  "br",
  "strong",
  "b",
  "em",
  "i",
  "del",
  "s",
  "ins",
  "sup",
  "sub",
  "blockquote",
  "ul",
  "ol",
  "li",
  "code",
  "pre",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "a",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "span",
]);
const ALLOWED_ATTRIBUTES = new Set(["href", "title", "rel", "target", "start", "align"]);

/** Problems found in an HTML fragment that should be harmless: empty when it is. */
export function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  const withoutText = html;
  if (/<!--/.test(withoutText)) problems.push("comment");
  for (const match of withoutText.matchAll(/<\/?([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const tag = (match[1] ?? "").toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) problems.push(`tag ${tag}`);
    for (const attribute of (match[2] ?? "").matchAll(/([^\s=/"']+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const name = (attribute[1] ?? "").toLowerCase();
      const value = (attribute[2] ?? "").replace(/^["']|["']$/g, "");
      if (!ALLOWED_ATTRIBUTES.has(name)) problems.push(`attribute ${name} on ${tag}`);
      if (name === "href" && !/^(https?:\/\/|mailto:)/i.test(value)) problems.push(`href ${value}`);
    }
  }
  return problems;
}
