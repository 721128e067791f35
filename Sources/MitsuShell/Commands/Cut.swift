extension Commands {
    /// cut -d DELIM -f LIST | -c LIST [FILE…]
    static let cut = CommandSpec(["cut"], in: "/usr/bin", fakeSize: 47_480) { c in
        var delimiter: Character = "\t"
        var fieldList: String?
        var charList: String?
        var files: [String] = []
        var args = c.args[...]
        while let a = args.first {
            args = args.dropFirst()
            if a == "-d" { delimiter = args.first?.first ?? "\t"; args = args.dropFirst() }
            else if a.hasPrefix("-d") { delimiter = a.dropFirst(2).first ?? "\t" }
            else if a == "-f" { fieldList = args.first; args = args.dropFirst() }
            else if a.hasPrefix("-f") { fieldList = String(a.dropFirst(2)) }
            else if a == "-c" || a == "-b" { charList = args.first; args = args.dropFirst() }
            else if a.hasPrefix("-c") || a.hasPrefix("-b") { charList = String(a.dropFirst(2)) }
            else { files.append(a) }
        }
        guard let list = fieldList ?? charList else {
            c.error("cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n")
            return 1
        }
        let wanted = parseRanges(list)
        for f in files.isEmpty ? ["-"] : files {
            guard let b = c.readInput(f) else { continue }
            var lines = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            if b.last == 0x0A { lines.removeLast() }
            for line in lines {
                if fieldList != nil {
                    let parts = line.split(separator: delimiter, omittingEmptySubsequences: false)
                    if parts.count == 1 { c.print(line + "\n"); continue }
                    c.print(parts.enumerated().filter { wanted($0.offset + 1) }.map { String($0.element) }.joined(separator: String(delimiter)) + "\n")
                } else {
                    c.print(String(line.enumerated().filter { wanted($0.offset + 1) }.map(\.element)) + "\n")
                }
            }
        }
        return 0
    }

    /// `1,3-5,7-` → membership test.
    static func parseRanges(_ list: String) -> (Int) -> Bool {
        var ranges: [ClosedRange<Int>] = []
        for item in list.split(separator: ",") {
            let ends = item.split(separator: "-", omittingEmptySubsequences: false)
            if ends.count == 1, let n = Int(ends[0]) { ranges.append(n...n) }
            else if ends.count == 2 {
                let lo = Int(ends[0]) ?? 1
                let hi = Int(ends[1]) ?? Int.max
                if lo <= hi { ranges.append(lo...hi) }
            }
        }
        return { n in ranges.contains { $0.contains(n) } }
    }
}
