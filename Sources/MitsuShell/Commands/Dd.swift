import Foundation

extension Commands {
    /// dd if= of= bs= count= skip=: copies within the session filesystem and prints dd's summary.
    static let dd = CommandSpec(["dd"], in: "/usr/bin", fakeSize: 72_920) { c in
        var opts: [String: String] = [:]
        for a in c.args {
            let kv = a.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { return c.fail("unrecognized operand '\(a)'\nTry 'dd --help' for more information.") }
            opts[kv[0]] = kv[1]
        }
        func size(_ s: String?) -> Int? {
            guard var s, !s.isEmpty else { return nil }
            var mult = 1
            switch s.last {
            case "k", "K": mult = 1024; s.removeLast()
            case "M": mult = 1 << 20; s.removeLast()
            case "c": s.removeLast()
            default: break
            }
            return Int(s).map { max(0, min($0, 1 << 24)) * mult }
        }
        let bs = max(1, size(opts["bs"] ?? opts["ibs"]) ?? 512)
        var input: [UInt8]
        if let f = opts["if"] {
            guard let b = c.readInput(f) else { return 1 }
            input = b
        } else {
            input = c.stdin
        }
        let skip = (size(opts["skip"]) ?? 0) * bs
        input = Array(input.dropFirst(skip))
        if let count = size(opts["count"]) {
            let wanted = max(0, min(count.multipliedReportingOverflow(by: bs).overflow ? Int.max : count * bs, 16 << 20))
            if opts["if"] == "/dev/zero" || opts["if"] == "/dev/urandom" {
                let one: [UInt8] = opts["if"] == "/dev/zero" ? [0] : []
                input = one.isEmpty ? (0..<wanted).map { _ in UInt8.random(in: 0...255) } : [UInt8](repeating: 0, count: wanted)
            } else {
                input = Array(input.prefix(wanted))
            }
        }
        if let of = opts["of"] {
            if let e = c.fs.write(c.path(of), input, mtime: c.now) { return c.fail("failed to open '\(of)': \(e.text)") }
            if !input.isEmpty { c.session.recordCreatedFile(path: c.path(of), bytes: input) }
        } else {
            c.write(input)
        }
        let full = input.count / bs
        let partial = input.count % bs == 0 ? 0 : 1
        c.error("\(full)+\(partial) records in\n\(full)+\(partial) records out\n\(input.count) bytes (\(input.count >= 1000 ? humanDecimal(input.count) : "\(input.count) B")) copied, 0.000\(Int.random(in: 100...999)) s, \(Int.random(in: 50...900)) MB/s\n".replacingOccurrences(of: "bytes (\(input.count) B)", with: "bytes"))
        return 0
    }

    static func humanDecimal(_ n: Int) -> String {
        let kb = Double(n) / 1000
        if kb < 1000 { return formatOne(kb) + " kB, " + formatOne(Double(n) / 1024) + " KiB" }
        return formatOne(kb / 1000) + " MB, " + formatOne(Double(n) / 1_048_576) + " MiB"
    }
}
