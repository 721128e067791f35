import MitsuCore
import MitsuStore

/// A stacked bar chart as inline SVG, drawn on the server so the overview needs no JavaScript. Every
/// label (honeypot names, ports, and anything else a key may hold) is escaped as XML text.
struct StackedBarChart {
    var title: String
    var buckets: [Timestamp]
    var points: [SeriesPoint]

    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    func render(width: Int = 720, height: Int = 200) -> String {
        let keys = Array(Set(points.map(\.key))).sorted { a, b in
            a == "other" ? false : b == "other" ? true : a < b
        }
        var byBucket: [Int64: [String: Int]] = [:]
        for p in points { byBucket[p.bucket.millisecondsSince1970, default: [:]][p.key, default: 0] += p.count }
        let maxTotal = max(1, byBucket.values.map { $0.values.reduce(0, +) }.max() ?? 1)
        let left = 48, bottom = 20, top = 8
        let plotW = width - left - 4, plotH = height - bottom - top
        let barW = buckets.isEmpty ? 0.0 : Double(plotW) / Double(buckets.count)
        var h = HTMLBuilder()
        h.raw("<svg class=\"chart\" viewBox=\"0 0 \(width) \(height + 18 * ((keys.count + 5) / 6))\" role=\"img\" aria-label=\"")
        h.text(title)
        h.raw("\"><title>")
        h.text(title)
        h.raw("</title>")
        h.raw("<line x1=\"\(left)\" y1=\"\(top + plotH)\" x2=\"\(width - 4)\" y2=\"\(top + plotH)\" class=\"axis\"/>")
        h.raw("<text x=\"\(left - 4)\" y=\"\(top + 10)\" class=\"tick\" text-anchor=\"end\">\(maxTotal)</text>")
        h.raw("<text x=\"\(left - 4)\" y=\"\(top + plotH)\" class=\"tick\" text-anchor=\"end\">0</text>")
        for (i, bucket) in buckets.enumerated() {
            var y = Double(top + plotH)
            let x = Double(left) + Double(i) * barW
            for (k, key) in keys.enumerated() {
                guard let n = byBucket[bucket.millisecondsSince1970]?[key], n > 0 else { continue }
                let hgt = Double(plotH) * Double(n) / Double(maxTotal)
                y -= hgt
                h.raw("<rect x=\"\(fmt(x + 0.5))\" y=\"\(fmt(y))\" width=\"\(fmt(max(barW - 1, 0.5)))\" height=\"\(fmt(hgt))\" fill=\"\(StackedBarChart.palette[k % StackedBarChart.palette.count])\"><title>")
                h.text("\(bucket.iso8601) \(key): \(n)")
                h.raw("</title></rect>")
            }
        }
        if let first = buckets.first, let last = buckets.last {
            h.raw("<text x=\"\(left)\" y=\"\(height - 4)\" class=\"tick\">\(first.iso8601.prefix(16).replacingOccurrences(of: "T", with: " "))</text>")
            h.raw("<text x=\"\(width - 4)\" y=\"\(height - 4)\" class=\"tick\" text-anchor=\"end\">\(last.iso8601.prefix(16).replacingOccurrences(of: "T", with: " "))</text>")
        }
        for (k, key) in keys.enumerated() {
            let x = left + (k % 6) * 110, y = height + 12 + (k / 6) * 18
            h.raw("<rect x=\"\(x)\" y=\"\(y - 9)\" width=\"10\" height=\"10\" fill=\"\(StackedBarChart.palette[k % StackedBarChart.palette.count])\"/>")
            h.raw("<text x=\"\(x + 14)\" y=\"\(y)\" class=\"legend\">")
            h.text(String(key.prefix(16)))
            h.raw("</text>")
        }
        h.raw("</svg>")
        return h.html
    }

    private func fmt(_ v: Double) -> String { String(Double(Int(v * 10)) / 10) }
}
