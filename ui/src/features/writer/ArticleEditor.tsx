// The article editor: TipTap 3 (ProseMirror underneath) on the HTML the server
// sanitises. Its own chunk, loaded only on an article's page (the editor and
// ProseMirror are ~100 kB gzipped; the first load stays within its budget).
//
// igny8's figures (<figure data-igny8-image="ID"><img …></figure>) are an atom node
// kept exactly as they come, so a text edit never loses or reshapes an image; the
// image panel moves and removes them on the server. Headings keep no ids or slot
// numbers: the server's reparse numbers them again on every save.
import { useEffect, useMemo, useRef } from "react";
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { Node, generateHTML, generateJSON, mergeAttributes, type Extensions } from "@tiptap/core";
import { Bold, Heading2, Heading3, Italic, List, ListOrdered, Quote, Redo2, Undo2 } from "lucide-react";
import { cn } from "@/lib/cn";

/** igny8's image figure: an atom that keeps its image id and <img> attributes. */
const Igny8Figure = Node.create<{ fileToken: string }>({
  name: "igny8Figure",
  group: "block",
  atom: true,
  draggable: false,
  addOptions() {
    return { fileToken: "" };
  },
  addAttributes() {
    return {
      image: { default: "", parseHTML: (el) => el.getAttribute("data-igny8-image") ?? "" },
      src: { default: "", parseHTML: (el) => el.querySelector("img")?.getAttribute("src") ?? "" },
      alt: { default: "", parseHTML: (el) => el.querySelector("img")?.getAttribute("alt") ?? "" },
      width: { default: "", parseHTML: (el) => el.querySelector("img")?.getAttribute("width") ?? "" },
      height: { default: "", parseHTML: (el) => el.querySelector("img")?.getAttribute("height") ?? "" },
    };
  },
  parseHTML() {
    return [{ tag: "figure[data-igny8-image]" }];
  },
  renderHTML({ node }) {
    const a = node.attrs as Record<string, string>;
    const img: Record<string, string> = { src: a.src ?? "", alt: a.alt ?? "", loading: "lazy" };
    if (a.width && a.height) Object.assign(img, { width: a.width, height: a.height });
    return ["figure", mergeAttributes({ "data-igny8-image": a.image }), ["img", img]];
  },
  addNodeView() {
    // In the editor the protected file needs a token; the saved HTML keeps the plain src.
    return ({ node }) => {
      const fig = document.createElement("figure");
      fig.className = "igny8-figure";
      fig.contentEditable = "false";
      const img = document.createElement("img");
      const a = node.attrs as Record<string, string>;
      const token = this.options.fileToken;
      img.src = token && a.src?.startsWith("/api/files/") ? `${a.src}?token=${encodeURIComponent(token)}&thumb=640x0` : (a.src ?? "");
      img.alt = a.alt ?? "";
      fig.append(img);
      const cap = document.createElement("figcaption");
      cap.textContent = a.alt ? `Image: ${a.alt}` : "Image";
      fig.append(cap);
      return { dom: fig };
    };
  },
});

function editorExtensions(fileToken: string): Extensions {
  return [
    StarterKit.configure({ heading: { levels: [2, 3, 4] }, link: { openOnClick: false, autolink: false }, underline: false, code: false, codeBlock: false, trailingNode: false }),
    Igny8Figure.configure({ fileToken }),
  ];
}

/** html as the editor writes it back (its schema's rendering), without an editor. */
function normalize(html: string, extensions: Extensions): string {
  return generateHTML(generateJSON(html, extensions), extensions);
}

export interface ArticleEditorProps {
  html: string;
  /** Called with the editor's HTML after each change. */
  onChange: (html: string) => void;
  editable: boolean;
  fileToken: string;
  label: string;
}

export default function ArticleEditor({ html, onChange, editable, fileToken, label }: ArticleEditorProps) {
  const cb = useRef(onChange);
  cb.current = onChange;
  // The server's HTML has heading ids and slot numbers the editor drops; the editor's
  // own rendering of a text it was given (its baseline) therefore reports the text it
  // was given, so opening an article never counts as a change.
  const extensions = useMemo(() => editorExtensions(fileToken), [fileToken]);
  const given = useRef(html);
  const baseline = useRef<string | null>(null);
  baseline.current ??= normalize(html, extensions);
  const lastEmitted = useRef<string | null>(null);
  const editor = useEditor(
    {
      extensions,
      content: html,
      editable,
      immediatelyRender: true,
      // TipTap would add a <style> element, which the CSP (style-src 'self') refuses; index.css has its rules.
      injectCSS: false,
      shouldRerenderOnTransaction: true,
      editorProps: { attributes: { class: "article-body min-h-[24rem] p-4 focus:outline-none", role: "textbox", "aria-multiline": "true", "aria-label": label } },
      onUpdate: ({ editor }) => {
        const out = editor.getHTML();
        const v = out === baseline.current ? given.current : out;
        lastEmitted.current = v;
        cb.current(v);
      },
    },
    [fileToken],
  );

  // A restore or a save changes the text from outside: load it unless we sent it.
  useEffect(() => {
    if (!editor || editor.isDestroyed || html === lastEmitted.current || html === given.current) return;
    given.current = html;
    editor.commands.setContent(html, { emitUpdate: false });
    baseline.current = normalize(html, extensions);
    lastEmitted.current = null;
  }, [editor, html, extensions]);
  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);

  if (!editor) return null;
  const tool = (name: string, active: boolean, run: () => void, icon: React.ReactNode) => (
    <button
      type="button"
      aria-label={name}
      aria-pressed={active}
      title={name}
      disabled={!editable}
      onMouseDown={(e) => e.preventDefault()}
      onClick={run}
      className={cn("inline-flex size-9 items-center justify-center rounded-lg text-gray-700 hover:bg-gray-100 disabled:opacity-50 dark:text-gray-200 dark:hover:bg-gray-800", active && "bg-gray-200 dark:bg-gray-700")}
    >
      {icon}
    </button>
  );
  const c = () => editor.chain().focus();
  return (
    <div className="rounded-xl border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
      <div role="toolbar" aria-label="Formatting" className="flex flex-wrap gap-1 border-b border-gray-200 p-1 dark:border-gray-800">
        {tool("Heading 2", editor.isActive("heading", { level: 2 }), () => c().toggleHeading({ level: 2 }).run(), <Heading2 className="size-4" aria-hidden="true" />)}
        {tool("Heading 3", editor.isActive("heading", { level: 3 }), () => c().toggleHeading({ level: 3 }).run(), <Heading3 className="size-4" aria-hidden="true" />)}
        {tool("Bold", editor.isActive("bold"), () => c().toggleBold().run(), <Bold className="size-4" aria-hidden="true" />)}
        {tool("Italic", editor.isActive("italic"), () => c().toggleItalic().run(), <Italic className="size-4" aria-hidden="true" />)}
        {tool("Bulleted list", editor.isActive("bulletList"), () => c().toggleBulletList().run(), <List className="size-4" aria-hidden="true" />)}
        {tool("Numbered list", editor.isActive("orderedList"), () => c().toggleOrderedList().run(), <ListOrdered className="size-4" aria-hidden="true" />)}
        {tool("Quote", editor.isActive("blockquote"), () => c().toggleBlockquote().run(), <Quote className="size-4" aria-hidden="true" />)}
        {tool("Undo", false, () => c().undo().run(), <Undo2 className="size-4" aria-hidden="true" />)}
        {tool("Redo", false, () => c().redo().run(), <Redo2 className="size-4" aria-hidden="true" />)}
      </div>
      <EditorContent editor={editor} />
    </div>
  );
}
