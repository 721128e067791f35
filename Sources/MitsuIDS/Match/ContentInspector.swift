import Foundation
import MitsuCore

/// Runs one buffer's match items (Suricata's content inspection): contents, pcre, byte_test/byte_jump and
/// isdataat in rule order, each relative item anchored at the end of the previous match. When a later
/// relative item fails, earlier contents are retried at their next occurrence, as Suricata does, within a
/// fixed budget so that a hostile buffer cannot make the search explode.
struct ContentInspector {
    let items: [MatchItem]
    let buffer: UnsafeBufferPointer<UInt8>
    /// Lazily built Latin-1 view of the buffer for pcre (one UTF-16 unit per byte, so offsets are bytes).
    var subject: String?
    var subjectLength = 0
    var budget = 2048

    static func matches(_ program: BufferProgram, _ bytes: [UInt8]) -> Bool {
        if let b = program.bsize, !b.matches(bytes.count) { return false }
        if program.items.isEmpty { return true }
        return bytes.withUnsafeBufferPointer { buf in
            var inspector = ContentInspector(items: program.items, buffer: buf)
            return inspector.run(0, prevEnd: 0)
        }
    }

    mutating func run(_ i: Int, prevEnd: Int) -> Bool {
        guard i < items.count else { return true }
        budget -= 1
        guard budget > 0 else { return false }
        switch items[i] {
        case .content(let c):
            return content(c, i, prevEnd)
        case .pcre(let p):
            let from = p.relative ? prevEnd : 0
            if subject == nil {
                let n = min(buffer.count, PCREMatch.maxSubjectBytes)
                let bytes = UnsafeBufferPointer(rebasing: buffer[0..<n])
                // ASCII is its own Latin-1 and UTF-8, and the UTF-8 path is a copy; transcoding through
                // UTF-16 took longer than the regex itself on a typical payload.
                subject = bytes.allSatisfy { $0 < 0x80 }
                    ? String(decoding: bytes, as: UTF8.self)
                    : String(decoding: bytes.map { UInt16($0) }, as: UTF16.self)
                subjectLength = n
            }
            guard let subject else { return false }
            let end = p.firstMatchEnd(in: subject, length: subjectLength, from: from)
            if p.negated { return end == nil && run(i + 1, prevEnd: prevEnd) }
            guard let end else { return false }
            return run(i + 1, prevEnd: end)
        case .byteTest(let t):
            return t.matches(buffer, prevEnd: prevEnd) && run(i + 1, prevEnd: prevEnd)
        case .byteJump(let j):
            guard let pos = j.jump(buffer, prevEnd: prevEnd) else { return false }
            return run(i + 1, prevEnd: pos)
        case .isDataAt(let d):
            return d.matches(buffer, prevEnd: prevEnd) && run(i + 1, prevEnd: prevEnd)
        }
    }

    private mutating func content(_ c: ContentMatch, _ i: Int, _ prevEnd: Int) -> Bool {
        let n = buffer.count
        let len = c.bytes.count
        var start: Int
        var end: Int
        if c.isRelative {
            let d = c.distance ?? 0
            start = prevEnd + d
            end = c.within.map { prevEnd + d + $0 } ?? n
        } else {
            start = c.offset ?? 0
            end = c.depth.map { start + $0 } ?? n
            if c.startsWith { start = 0; end = min(end, len) }
        }
        start = max(0, start)
        end = min(n, end)
        if c.endsWith { start = max(start, n - len) }
        var from = start
        while from + len <= end {
            guard let pos = find(c.bytes, nocase: c.nocase, from: from, to: end) else { break }
            if c.endsWith && pos + len != n { from = pos + 1; continue }
            if c.negated { return false }
            if run(i + 1, prevEnd: pos + len) { return true }
            // Retrying this content only helps when something after it is anchored to it.
            guard i + 1 < items.count, Self.isRelative(items[i + 1]), budget > 0 else { return false }
            from = pos + 1
        }
        return c.negated ? run(i + 1, prevEnd: prevEnd) : false
    }

    static func isRelative(_ item: MatchItem) -> Bool {
        switch item {
        case .content(let c): return c.isRelative
        case .pcre(let p): return p.relative
        case .byteTest(let t): return t.read.relative
        case .byteJump(let j): return j.read.relative
        case .isDataAt(let d): return d.relative
        }
    }

    /// First occurrence of `needle` starting in `from..<to` and ending at or before `to`.
    private func find(_ needle: [UInt8], nocase: Bool, from: Int, to: Int) -> Int? {
        let len = needle.count
        guard len > 0, from >= 0, to <= buffer.count, from + len <= to else { return nil }
        let fold = MultiPatternMatcher.fold
        return needle.withUnsafeBufferPointer { nd in
            let first = nocase ? fold[Int(nd[0])] : nd[0]
            var p = from
            while p + len <= to {
                let b = nocase ? fold[Int(buffer[p])] : buffer[p]
                if b == first {
                    var k = 1
                    while k < len {
                        let x = buffer[p + k], y = nd[k]
                        if nocase ? fold[Int(x)] != fold[Int(y)] : x != y { break }
                        k += 1
                    }
                    if k == len { return p }
                }
                p += 1
            }
            return nil
        }
    }
}
