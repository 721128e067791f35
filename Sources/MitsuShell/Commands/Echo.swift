extension Commands {
    /// bash's builtin echo: `-n`, `-e`, `-E` (combinable, `-ne`); anything else is an operand.
    static let echo = CommandSpec(["echo"], in: "") { c in
        var newline = true
        var escapes = false
        var args = c.args[...]
        while let a = args.first, a.hasPrefix("-"), a.count > 1, a.dropFirst().allSatisfy({ "neE".contains($0) }) {
            for f in a.dropFirst() {
                if f == "n" { newline = false } else if f == "e" { escapes = true } else { escapes = false }
            }
            args = args.dropFirst()
        }
        let text = Array(args.joined(separator: " ").utf8)
        if escapes {
            let (bytes, stop) = Escapes.decode(text, mode: .echo)
            c.write(bytes)
            if stop { return 0 }
        } else {
            c.write(text)
        }
        if newline { c.write([0x0A]) }
        return 0
    }
}
