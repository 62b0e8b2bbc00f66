/* The portal's extensions of the admin's rich-text editor (portal/editor.py).

   Embed: YouTube videos. Without this node the editor would drop the videos of an article on its next
   save. The server keeps an iframe only from YouTube's embed addresses (portal/html.py); this file only
   offers what the server keeps. In the editor a video shows as a box: the admin loads nothing from
   YouTube.

   FieldLabel: the editable area is named by the field's label (screen readers announce it), and a
   click on the label puts the cursor in the editor, as it would in a plain textarea. */
import { Extension, Node, mergeAttributes, updateAttrsDialog } from "django-prose-editor/editor"

const VIDEO_ID = /^https?:\/\/(?:www\.|m\.)?(?:youtube(?:-nocookie)?\.com\/(?:watch\?(?:.*&)?v=|embed\/|shorts\/|live\/)|youtu\.be\/)([\w-]{6,})/

function embedAddress(link) {
  const match = VIDEO_ID.exec((link || "").trim())
  return match ? `https://www.youtube-nocookie.com/embed/${match[1]}` : null
}

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,

  addOptions() {
    return { labels: {} }
  },

  addAttributes() {
    return {
      src: { default: null },
      title: { default: null },
      width: { default: "560" },
      height: { default: "315" },
      allowfullscreen: { default: "allowfullscreen" },
    }
  },

  parseHTML() {
    return [{ tag: "iframe[src]" }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["iframe", mergeAttributes(HTMLAttributes)]
  },

  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("div")
      dom.className = "prose-editor-embed"
      dom.textContent = `▶ ${node.attrs.title || ""} — ${node.attrs.src || ""}`
      return { dom }
    }
  },

  addMenuItems({ menu, buttons }) {
    const labels = this.options.labels
    menu.defineItem({
      name: "embed",
      groups: "nodes",
      button: buttons.material("movie", labels.button || "YouTube"),
      command(editor) {
        const ask = updateAttrsDialog(
          {
            url: { type: "string", title: labels.url, required: true },
            title: { type: "string", title: labels.title, required: true },
          },
          { title: labels.dialog, submitText: labels.insert },
        )
        ask(editor, { url: "", title: "" }).then((answer) => {
          if (!answer) return
          const src = embedAddress(answer.url)
          if (!src) {
            window.alert(labels.invalid)
            return
          }
          editor.chain().focus().insertContent({ type: "embed", attrs: { src, title: answer.title } }).run()
        })
      },
    })
  },
})

export const FieldLabel = Extension.create({
  name: "fieldLabel",

  onCreate() {
    const area = this.editor.view.dom
    const textarea = area.closest(".prose-editor")?.querySelector("textarea")
    const label = textarea && textarea.id && document.querySelector(`label[for="${textarea.id}"]`)
    if (!label) return
    label.id = label.id || `${textarea.id}-label`
    area.setAttribute("aria-labelledby", label.id)
    label.addEventListener("click", () => this.editor.commands.focus())
  },
})

/* The toolbar in the editor's language. The package writes its buttons' tooltips in English and passes
   only its dialogs through gettext; the page loads Django's JavaScript catalogue (the admin's jsi18n,
   strings in locale/<lang>/LC_MESSAGES/djangojs.po) before the editor, so each tooltip and its
   screen-reader name are looked up there once the editor is ready. */
const translated = new WeakSet()

function translateControls(root) {
  const translate = window.gettext
  if (!translate) return
  const controls = [root, ...root.querySelectorAll("[title], [aria-label]")]
  for (const el of controls) {
    // The text being edited is the author's, and a control is looked up once (a translation may
    // itself be an English msgid).
    if (!el.getAttribute || translated.has(el) || el.closest(".ProseMirror")) continue
    for (const name of ["title", "aria-label"]) {
      const text = el.getAttribute(name)
      if (text) el.setAttribute(name, translate(text))
    }
    translated.add(el)
  }
}

document.addEventListener("prose-editor:ready", (event) => {
  const box = event.target.closest(".prose-editor")
  if (!box) return
  translateControls(box)
  // Drop-downs (the headings) and table buttons may be built when first needed.
  new MutationObserver((changes) => {
    for (const change of changes) {
      change.addedNodes.forEach((node) => node.nodeType === 1 && translateControls(node))
    }
  }).observe(box, { childList: true, subtree: true })
})
