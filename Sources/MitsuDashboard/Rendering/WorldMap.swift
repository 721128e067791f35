import Foundation

/// The world map: Natural Earth country shapes (`WorldMapData`, made once by scripts/make-worldmap.py)
/// drawn as inline SVG on the server. As a choropleth each country with data is shaded in one of five
/// steps (logarithmic, so one noisy country does not wash out the rest), carries a `<title>` with its
/// name and count (a tooltip and what a screen reader announces) and links to the explore page filtered
/// by that country. Every text that lands in the SVG is escaped, the map's own names included.
struct WorldMap {
    struct Country: Sendable {
        var code: String
        var name: String
        var path: String
    }

    /// The asset's countries, in code order.
    static let countries: [Country] = WorldMapData.countries.split(separator: "\n").compactMap { line in
        let f = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
        guard f.count == 3 else { return nil }
        return Country(code: String(f[0]), name: String(f[1]), path: String(f[2]))
    }
    static let byCode: [String: Country] = Dictionary(countries.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })

    static let steps = 5

    var title: String
    /// Count per ISO 3166-1 alpha-2 code (any case; other keys are listed as "not on the map").
    var counts: [String: Int]
    /// What is counted, for titles and the legend ("events").
    var unit: String = "events"
    /// Where a country links to; the code is URL-encoded by the caller's closure. nil: no links.
    var link: ((String) -> String)?
    /// An id for the `<svg>` (the live page's script finds its map by it).
    var id: String?
    /// The shapes drawn (the asset's; tests pass their own).
    var shapes: [Country] = WorldMap.countries

    /// The shading step (1...steps) of a count, 0 for none: ceil(steps · log(1+n) / log(1+max)).
    static func step(_ n: Int, max: Int) -> Int {
        guard n > 0, max > 0 else { return 0 }
        let s = Int((Double(steps) * log1p(Double(n)) / log1p(Double(max))).rounded(.up))
        return Swift.min(Swift.max(s, 1), steps)
    }

    /// The smallest count that reaches step s (for the legend): the inverse of `step`.
    static func threshold(_ s: Int, max: Int) -> Int {
        guard s > 1 else { return 1 }
        var n = Int(exp(Double(s - 1) / Double(steps) * log1p(Double(max))).rounded(.down))
        while step(n, max: max) < s { n += 1 }
        while n > 1 && step(n - 1, max: max) >= s { n -= 1 }
        return n
    }

    func render() -> String {
        var byCode: [String: Int] = [:]
        for (k, v) in counts where v > 0 { byCode[k.uppercased(), default: 0] += v }
        let maxCount = byCode.values.max() ?? 0
        let legendHeight = 26
        let w = WorldMapData.width, top = WorldMapData.top, hgt = WorldMapData.height
        var h = HTMLBuilder()
        h.raw("<figure class=\"worldmap\"><svg class=\"map\" viewBox=\"0 \(top) \(w) \(hgt + legendHeight)\" data-width=\"\(w)\" role=\"img\"")
        if let id { h.raw(" id=\""); h.text(id); h.raw("\"") }
        h.raw(" aria-label=\"")
        h.text(title)
        h.raw("\"><title>")
        h.text(title)
        h.raw("</title>")
        for c in shapes {
            let n = byCode[c.code] ?? 0
            let s = WorldMap.step(n, max: maxCount)
            let label = "\(c.name) (\(c.code)): \(n) \(unit)"
            if n > 0, let link {
                h.raw("<a href=\"")
                h.text(link(c.code))
                h.raw("\">")
            }
            h.raw("<path class=\"c l\(s)\" data-cc=\"")
            h.text(c.code)
            h.raw("\" data-count=\"\(n)\" d=\"")
            h.text(c.path)
            h.raw("\"><title>")
            h.text(label)
            h.raw("</title></path>")
            if n > 0, link != nil { h.raw("</a>") }
        }
        // Legend: a swatch and the count range per step, as SVG text a screen reader reads out.
        let y = top + hgt + 6
        h.raw("<g class=\"legend\" role=\"list\" aria-label=\"Legend: \(HTMLText.escape(unit)) per country\">")
        var x = 10
        h.raw("<g role=\"listitem\"><rect x=\"\(x)\" y=\"\(y)\" width=\"14\" height=\"14\" class=\"c l0\"/><text x=\"\(x + 18)\" y=\"\(y + 11)\">none</text></g>")
        x += 70
        if maxCount > 0 {
            for s in 1...WorldMap.steps {
                let lo = WorldMap.threshold(s, max: maxCount)
                let hi = s == WorldMap.steps ? maxCount : WorldMap.threshold(s + 1, max: maxCount) - 1
                guard hi >= lo else { continue }
                let range = lo == hi ? "\(lo)" : "\(lo)–\(hi)"
                h.raw("<g role=\"listitem\"><rect x=\"\(x)\" y=\"\(y)\" width=\"14\" height=\"14\" class=\"c l\(s)\"/><text x=\"\(x + 18)\" y=\"\(y + 11)\">")
                h.text("\(range) \(unit)")
                h.raw("</text></g>")
                x += 30 + 8 * (range.count + unit.count)
            }
        }
        h.raw("</g></svg>")
        let drawn = Set(shapes.map(\.code))
        let offMap = byCode.filter { !drawn.contains($0.key) }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if !offMap.isEmpty {
            h.raw("<figcaption class=\"offmap\">Not on the map: ")
            h.text(offMap.prefix(20).map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            h.raw("</figcaption>")
        }
        h.raw("</figure>")
        return h.html
    }
}
