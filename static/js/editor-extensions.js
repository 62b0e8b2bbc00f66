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
