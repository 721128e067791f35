/// Word expansion as bash does it: tilde, parameters, command substitution, arithmetic, then field
/// splitting of unquoted results and pathname expansion against the session filesystem.
extension Session {
    private struct Field {
        var text = ""
        var pattern = ""
        var glob = false
        var started = false
    }

    func expandFields(_ words: [Word], err: Sink) async -> [String] {
        var out: [String] = []
        for w in words {
            out += await expandWord(w, err: err)
            if out.count > ShellParser.maxWords { break }
        }
        return out
    }

    func expandWord(_ word: Word, err: Sink) async -> [String] {
        var fields: [Field] = []
        var cur = Field()
        func append(_ s: String, quoted: Bool) {
            cur.text += s
            cur.pattern += quoted ? Glob.escape(s) : s
            if !quoted, Glob.hasMagic(s) { cur.glob = true }
            cur.started = true
        }
        func split(_ value: String) {
            let ifs = env["IFS"] ?? " \t\n"
            let pieces = value.split(omittingEmptySubsequences: true, whereSeparator: { ifs.contains($0) })
            guard !pieces.isEmpty else { return }
            if let f = value.first, ifs.contains(f), cur.started { fields.append(cur); cur = Field() }
            for (k, piece) in pieces.enumerated() {
                append(String(piece), quoted: false)
                if k < pieces.count - 1 { fields.append(cur); cur = Field() }
            }
            if let l = value.last, ifs.contains(l) { fields.append(cur); cur = Field() }
        }
        for (index, part) in word.parts.enumerated() {
            switch part {
            case .text(let s, let quoted):
                if index == 0, !quoted, s == "~" || s.hasPrefix("~/") {
                    append(home, quoted: true)
                    append(String(s.dropFirst()), quoted: false)
                } else {
                    append(s, quoted: quoted)
                }
            case .parameter(let name, let quoted, let fallback):
                if (name == "@" || name == "*"), quoted, name == "@" {
                    for (k, p) in positional.enumerated() {
                        append(p, quoted: true)
                        if k < positional.count - 1 { fields.append(cur); cur = Field() }
                    }
                    if positional.isEmpty, word.parts.count == 1 { return [] }
                    continue
                }
                var value = parameter(name)
                if let fallback, value.isEmpty { value = await expandString(Word(fallback), err: err) }
                if quoted { append(value, quoted: true) } else { split(value) }
            case .command(let script, let quoted):
                let value = await commandSubstitution(script, err: err)
                if quoted { append(value, quoted: true) } else { split(value) }
            case .arithmetic(let expr):
                append(String(arithmetic(expr, err: err)), quoted: true)
            }
        }
        if cur.started { fields.append(cur) }
        var out: [String] = []
        for f in fields {
            if f.glob, let matches = globExpand(f.pattern), !matches.isEmpty { out += matches } else { out.append(f.text) }
        }
        return out
    }

    /// Expansion without splitting or globbing (assignments, redirect targets, `case` subjects).
    func expandString(_ word: Word, err: Sink) async -> String {
        var s = ""
        for (index, part) in word.parts.enumerated() {
            switch part {
            case .text(let t, let quoted):
                if index == 0, !quoted, t == "~" || t.hasPrefix("~/") { s += home + t.dropFirst() } else { s += t }
            case .parameter(let name, _, let fallback):
                var value = parameter(name)
                if let fallback, value.isEmpty { value = await expandString(Word(fallback), err: err) }
                s += value
            case .command(let script, _): s += await commandSubstitution(script, err: err)
            case .arithmetic(let expr): s += String(arithmetic(expr, err: err))
            }
        }
        return s
    }

    /// A `case` pattern: quoted parts match literally.
    func expandPattern(_ word: Word, err: Sink) async -> String {
        var s = ""
        for part in word.parts {
            switch part {
            case .text(let t, let quoted): s += quoted ? Glob.escape(t) : t
            default: s += Glob.escape(await expandString(Word([part]), err: err))
            }
        }
        return s
    }

    func parameter(_ name: String) -> String {
        switch name {
        case "?": return String(status)
        case "#": return String(positional.count)
        case "$": return String(shellPID)
        case "!": return lastBackgroundPID == 0 ? "" : String(lastBackgroundPID)
        case "0": return scriptName
        case "@", "*": return positional.joined(separator: " ")
        case "-": return terminal ? "himBHs" : "hBc"
        case "RANDOM": return String(Int.random(in: 0...32_767))
        case "PPID": return String(shellPID - 1)
        case "UID", "EUID": return String(uid)
        case "LINENO": return "1"
        case "BASH_VERSION": return "5.2.15(1)-release"
        case "HOSTTYPE": return persona.machine
        case "OSTYPE": return "linux-gnu"
        default: break
        }
        if let n = Int(name), n >= 1 { return n <= positional.count ? positional[n - 1] : "" }
        if name.hasPrefix("#"), name.count > 1 { return String(parameter(String(name.dropFirst())).count) }
        return env[name] ?? ""
    }

    func commandSubstitution(_ script: Script, err: Sink) async -> String {
        let buffer = Sink(.buffer, session: self)
        await detachedFromTerminal { await subshell { await self.execute(script, stdin: [], out: buffer, err: err) } }
        var text = String(decoding: buffer.bytes, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    func arithmetic(_ expr: String, err: Sink) -> Int {
        switch Arithmetic.evaluate(expr, lookup: { Int(self.parameter($0)) ?? 0 }) {
        case .success(let v): return v
        case .failure(let f):
            err.write("\(errorPrefix): \(expr): \(f.message)\n")
            return 0
        }
    }

    /// Pathname expansion; nil or empty when nothing matches (the word then stays as written).
    func globExpand(_ pattern: String) -> [String]? {
        let absolute = pattern.hasPrefix("/")
        var results: [(shown: String, real: String)] = [(absolute ? "/" : "", absolute ? "/" : cwd)]
        let comps = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard comps.count <= 64 else { return nil }
        var work = 0
        for (k, comp) in comps.enumerated() {
            var next: [(String, String)] = []
            let last = k == comps.count - 1
            for (shown, real) in results {
                func join(_ a: String, _ b: String) -> String { a.isEmpty ? b : (a.hasSuffix("/") ? a + b : a + "/" + b) }
                if Glob.hasMagic(comp) {
                    for name in fs.list(real) ?? [] {
                        work += 1
                        if work > 200_000 { return nil }
                        if name.hasPrefix("."), !comp.hasPrefix(".") { continue }
                        guard Glob.match(comp, name) else { continue }
                        let realPath = FSPath.join(real, name)
                        if !last, !fs.isDirectory(realPath) { continue }
                        next.append((join(shown, name), realPath))
                        if next.count > 10_000 { return nil }
                    }
                } else {
                    let name = Glob.unescape(comp)
                    let realPath = FSPath.join(real, name)
                    if fs.stat(realPath) != nil || fs.lstat(realPath) != nil { next.append((join(shown, name), realPath)) }
                }
            }
            results = next
            if results.isEmpty { return nil }
        }
        return results.map(\.shown).sorted()
    }
}
