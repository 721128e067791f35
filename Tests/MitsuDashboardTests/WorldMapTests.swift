import Foundation
@testable import MitsuDashboard
import XCTest

final class WorldMapTests: XCTestCase {
    func testAssetHasTheCountriesGeoIPReports() {
        let codes = Set(WorldMap.countries.map(\.code))
        XCTAssertGreaterThanOrEqual(WorldMap.countries.count, 170)
        XCTAssertEqual(codes.count, WorldMap.countries.count, "one entry per code")
        // France and Norway are "-99" in Natural Earth's ISO_A2/ISO_A3; Kosovo has no ISO code at all.
        for cc in ["US", "FR", "NO", "RU", "CN", "DE", "BR", "IN", "AU", "ZA", "GB", "JP", "XK", "NL"] {
            XCTAssertTrue(codes.contains(cc), cc)
        }
        XCTAssertEqual(WorldMap.byCode["FR"]?.name, "France")
        XCTAssertEqual(WorldMap.byCode["NO"]?.name, "Norway")
        for c in WorldMap.countries {
            XCTAssertNotNil(c.code.range(of: "^[A-Z]{2}$", options: .regularExpression), c.code)
            XCTAssertNotNil(c.path.range(of: "^(M[-0-9. ]+l[-0-9. ]+z)+$", options: .regularExpression), c.code)
        }
        // Projected into the declared extent: x within the width, y within top...top+height.
        for c in WorldMap.countries {
            for m in c.path.split(separator: "M").map({ $0.split(separator: "l")[0] }) {
                let xy = m.replacingOccurrences(of: "-", with: " -").split(separator: " ").compactMap { Double($0) }
                XCTAssertEqual(xy.count, 2)
                XCTAssertTrue((0...Double(WorldMapData.width)).contains(xy[0]), "\(c.code) \(xy)")
                XCTAssertTrue((Double(WorldMapData.top)...Double(WorldMapData.top + WorldMapData.height)).contains(xy[1]), "\(c.code) \(xy)")
            }
        }
    }

    func testAssetIsCompact() {
        XCTAssertLessThan(WorldMapData.countries.utf8.count, 300_000)
    }

    private func pathTag(_ svg: String, _ cc: String) -> String? {
        guard let r = svg.range(of: "<path class=\"[^\"]*\" data-cc=\"\(cc)\"[^>]*>", options: .regularExpression) else { return nil }
        return String(svg[r])
    }

    func testChoroplethShadesCountriesWithDataAndTitlesThem() {
        let svg = WorldMap(title: "Events by source country", counts: ["us": 1000, "FR": 10, "NO": 1],
                           link: { "/explore?country=" + HTMLText.urlComponent($0) }).render()
        XCTAssertTrue(pathTag(svg, "US")?.contains("class=\"c l5\"") == true, pathTag(svg, "US") ?? "no US")
        XCTAssertTrue(pathTag(svg, "US")?.contains("data-count=\"1000\"") == true)
        let fr = WorldMap.step(10, max: 1000), no = WorldMap.step(1, max: 1000)
        XCTAssertTrue(fr > no && no >= 1 && fr < 5, "\(fr) \(no)")
        XCTAssertTrue(pathTag(svg, "FR")?.contains("class=\"c l\(fr)\"") == true)
        XCTAssertTrue(pathTag(svg, "RU")?.contains("class=\"c l0\"") == true)
        XCTAssertTrue(svg.contains("<title>United States of America (US): 1000 events</title>"))
        XCTAssertTrue(svg.contains("<title>Russia (RU): 0 events</title>"))
        XCTAssertTrue(svg.contains("<a href=\"/explore?country=US\"><path"))
        XCTAssertFalse(svg.contains("country=RU"), "no link without data")
        // The legend's steps cover 1...max without gaps.
        XCTAssertTrue(svg.contains(">1 events</text>") || svg.contains(">1–"), svg.suffix(800).description)
        XCTAssertTrue(svg.contains("–1000 events</text>"))
        XCTAssertEqual(WorldMap.threshold(1, max: 1000), 1)
        for s in 2...WorldMap.steps {
            let t = WorldMap.threshold(s, max: 1000)
            XCTAssertEqual(WorldMap.step(t, max: 1000), s)
            XCTAssertEqual(WorldMap.step(t - 1, max: 1000), s - 1)
        }
    }

    func testHostileNamesCodesAndTitlesAreEscaped() {
        // Codes are matched upper-cased, so the hostile code is upper case to get its count.
        let code = "\"><SVG ONLOAD=ALERT(1)>"
        let hostile = WorldMap.Country(code: code, name: "<img src=x onerror=alert(2)>",
                                       path: "M0 0l1 1\"/><script>alert(3)</script>z")
        let svg = WorldMap(title: "</title><script>alert(4)</script>", counts: ["<b>x</b>": 5, code: 2],
                           unit: "<i>ev</i>", link: { "/x?c=" + $0 }, shapes: [hostile]).render()
        let lower = svg.lowercased()
        for bad in ["<script", "<img", "<b>", "<i>", "<svg onload", "\"/>&lt;"] {
            XCTAssertFalse(lower.contains(bad), "\(bad) in \(svg)")
        }
        XCTAssertTrue(svg.contains("<title>&lt;img src=x onerror=alert(2)&gt; (&quot;&gt;&lt;SVG ONLOAD=ALERT(1)&gt;): 2 &lt;i&gt;ev&lt;/i&gt;</title>"), svg)
        XCTAssertTrue(svg.contains("data-cc=\"&quot;&gt;&lt;SVG ONLOAD=ALERT(1)&gt;\""), svg)
        XCTAssertTrue(svg.contains("d=\"M0 0l1 1&quot;/&gt;&lt;script&gt;alert(3)&lt;/script&gt;z\""), svg)
        XCTAssertTrue(svg.contains("<a href=\"/x?c=&quot;&gt;&lt;SVG ONLOAD=ALERT(1)&gt;\">"), svg)
        XCTAssertTrue(svg.contains("Not on the map: &lt;B&gt;X&lt;/B&gt; 5"), svg)
        XCTAssertTrue(svg.contains("<title>&lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt;</title>"))
        XCTAssertTrue(svg.contains("aria-label=\"Legend: &lt;i&gt;ev&lt;/i&gt; per country\""))
    }
}
