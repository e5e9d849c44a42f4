#!/usr/bin/env python3
"""plugin-pot.py PLUGIN_DIR OUT.pot: the translation template of the igny8
Bridge plugin — every string passed to WordPress's translation functions
(__, _e, esc_html__, esc_html_e, esc_attr__, esc_attr_e) with the
igny8-bridge text domain, with its file:line and the translators: comment
above it. (Debian has no wp-cli; this is `wp i18n make-pot` for our calls.)"""
import os, re, sys

CALL = re.compile(r"\b(?:__|_e|esc_html__|esc_html_e|esc_attr__|esc_attr_e)\(\s*'((?:[^'\\]|\\.)*)'\s*,\s*'([a-z0-9-]+)'\s*\)")
NOTE = re.compile(r"/\*\s*translators:(.*?)\*/", re.S)

def main(src, out):
    entries = {}
    for root, _, files in os.walk(src):
        for f in sorted(files):
            if not f.endswith(".php"):
                continue
            path = os.path.join(root, f)
            text = open(path, encoding="utf-8").read()
            for m in CALL.finditer(text):
                if m.group(2) != "igny8-bridge":
                    sys.exit(f"{path}: text domain {m.group(2)!r}, want 'igny8-bridge'")
                msg = m.group(1).replace("\\'", "'")
                line = text.count("\n", 0, m.start()) + 1
                before = text[max(0, m.start() - 300):m.start()]
                notes = NOTE.findall(before)
                e = entries.setdefault(msg, {"refs": [], "note": None})
                e["refs"].append(f"{os.path.relpath(path, src)}:{line}")
                if notes and not e["note"]:
                    e["note"] = notes[-1].strip()
    esc = lambda s: s.replace("\\", "\\\\").replace('"', '\\"')
    with open(out, "w", encoding="utf-8") as w:
        w.write('msgid ""\nmsgstr ""\n"Project-Id-Version: igny8 Bridge\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n"X-Domain: igny8-bridge\\n"\n\n')
        for msg, e in entries.items():
            if e["note"]:
                w.write(f"#. translators: {e['note']}\n")
            w.write(f"#: {' '.join(e['refs'])}\n")
            if "%" in msg:
                w.write("#, php-format\n")
            w.write(f'msgid "{esc(msg)}"\nmsgstr ""\n\n')
    print(f"{out}: {len(entries)} strings")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
