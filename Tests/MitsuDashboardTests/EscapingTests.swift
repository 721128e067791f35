@testable import MitsuDashboard
import XCTest

/// Attacker strings in every output context the dashboard writes.
final class EscapingTests: XCTestCase {
    func testHTMLEscapesMarkupQuotesAndControls() {
        XCTAssertEqual(HTMLText.escape("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        XCTAssertEqual(HTMLText.escape("\"onmouseover=alert(1) a=\""), "&quot;onmouseover=alert(1) a=&quot;")
        XCTAssertEqual(HTMLText.escape("a&b"), "a&amp;b")
        XCTAssertEqual(HTMLText.escape("nul\u{0}esc\u{1B}[31m del\u{7F} c1\u{9B}"), "nul\u{FFFD}esc\u{FFFD}[31m del\u{FFFD} c1\u{FFFD}")
        XCTAssertEqual(HTMLText.escape("tab\tnl\n"), "tab\tnl\n")
        XCTAssertEqual(HTMLText.escape("日本 ✓"), "日本 ✓")
    }

    func testURLComponentCannotLeaveItsSlot() {
        XCTAssertEqual(HTMLText.urlComponent("2001:db8::1"), "2001:db8::1")
        XCTAssertEqual(HTMLText.urlComponent("a b&c=d/\"<"), "a%20b%26c%3Dd%2F%22%3C")
        XCTAssertEqual(HTMLText.urlComponent("é"), "%C3%A9")
    }

    func testCSVDefusesFormulasAndQuotes() {
        XCTAssertEqual(CSVWriter.cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"")
        XCTAssertEqual(CSVWriter.cell("+1"), "'+1")
        XCTAssertEqual(CSVWriter.cell("-2"), "'-2")
        XCTAssertEqual(CSVWriter.cell("@SUM(A1)"), "'@SUM(A1)")
        XCTAssertEqual(CSVWriter.cell("\tx"), "'\tx")
        XCTAssertEqual(CSVWriter.cell("\rx"), "\"'\rx\"")
        XCTAssertEqual(CSVWriter.cell("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVWriter.cell("line\nbreak"), "\"line\nbreak\"")
        XCTAssertEqual(CSVWriter.cell("root"), "root")
        XCTAssertEqual(CSVWriter.cell(nil), "")
        XCTAssertEqual(CSVWriter.row(["a", nil, "=1"]), "a,,'=1\r\n")
    }

    func testJSONEscapesForHTMLContexts() {
        let v = JSONValue.object([("u", .string("</script><b>&\"\\\n\u{2028}\u{1}")), ("n", .int(3)), ("x", .null), ("r", .raw("{\"a\":1}"))])
        XCTAssertEqual(v.serialized(), #"{"u":"\u003c/script\u003e\u003cb\u003e\u0026\"\\\n\u2028\u0001","n":3,"x":null,"r":{"a":1}}"#)
    }

    func testMetricsLabelsEscaped() {
        let text = MetricsFormat.render([
            MetricSample(name: "m_total", help: "h", kind: .counter, labels: [("a", "x\"y\\z\nw")], value: 3),
            MetricSample(name: "m_total", help: "h", kind: .counter, labels: [("a", "b")], value: 4),
        ])
        XCTAssertEqual(text, "# HELP m_total h\n# TYPE m_total counter\nm_total{a=\"x\\\"y\\\\z\\nw\"} 3\nm_total{a=\"b\"} 4\n")
    }

    func testSafeLocalPathRefusesOpenRedirects() {
        XCTAssertEqual(Responses.safeLocalPath("/explore?src_ip=1.2.3.4"), "/explore?src_ip=1.2.3.4")
        for bad in ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/a\nb", nil] {
            XCTAssertEqual(Responses.safeLocalPath(bad), "/", "\(String(describing: bad))")
        }
    }

    func testFormBodyParsing() {
        XCTAssertEqual(FormBody.parse("username=root&password=a%26b+c&csrf=x&username=second"),
                       ["username": "root", "password": "a&b c", "csrf": "x"])
        XCTAssertEqual(FormBody.parse("novalue&=empty&bad=%zz"), ["novalue": "", "": "empty", "bad": "%zz"])
        XCTAssertEqual(FormBody.parse(String(repeating: "a=1&", count: 1000)).count, 1)
    }
}
