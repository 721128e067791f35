import Foundation
import XCTest
@testable import MitsuWeb

/// Precision and recall of the shipped rules over the labelled corpus (Corpus/make_corpus.py): real
/// exploit requests from public sources, and benign browser and crawler requests.
final class ClassifierCorpusTests: XCTestCase {
    struct Sample {
        var file: String
        var expected: Set<String>
        var allowed: Set<String>
        var cves: Set<String>
        var raw: [UInt8]
    }

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    static func load(_ kind: String) throws -> [Sample] {
        let dir = corpus.appendingPathComponent(kind)
        let labels = try String(contentsOf: dir.appendingPathComponent("labels.tsv"), encoding: .utf8)
        func set(_ s: Substring) -> Set<String> { s == "-" ? [] : Set(s.split(separator: ",").map(String.init)) }
        return try labels.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            let raw = try Data(contentsOf: dir.appendingPathComponent(String(cols[0])))
            return Sample(file: String(cols[0]), expected: set(cols[1]), allowed: set(cols[2]), cves: set(cols[3]), raw: Array(raw))
        }
    }

    /// Every corpus request (attacks, then benign), then each upper-cased (the rules' literals are
    /// lowercase; `args` keeps case), then the first `nonASCII` of those with `s` as `ſ` (ICU folds it to
    /// `s`): the variants where a shortcut in front of the rules could go wrong.
    static func requestsWithVariants(nonASCII: Int) throws -> [[UInt8]] {
        var raws = try load("attacks").map(\.raw) + load("benign").map(\.raw)
        raws += raws.map { Array(String(decoding: $0, as: UTF8.self).uppercased().utf8) }
        raws += raws.prefix(nonASCII).map { Array(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "s", with: "ſ").utf8) }
        return raws
    }

    static func classifier() throws -> WebClassifier {
        WebClassifier(rules: try WebRuleSet.load(path: try WebRuleSet.builtInPath()))
    }

    static func parse(_ raw: [UInt8]) -> HTTPRequest? {
        var p = HTTPRequestParser()
        for o in p.feed(raw) { if case .request(let r) = o { return r } }
        return nil
    }

    func testCorpusIsLargeEnough() throws {
        XCTAssertGreaterThanOrEqual(try Self.load("attacks").count, 150)
        XCTAssertGreaterThanOrEqual(try Self.load("benign").count, 50)
    }

    func testPrecisionAndRecallPerCategoryAndCVE() throws {
        let c = try Self.classifier()
        var tp: [String: Int] = [:], fp: [String: Int] = [:], fn: [String: Int] = [:]
        var cveTP = 0, cveFP = 0, cveFN = 0
        var misses: [String] = []
        for s in try Self.load("attacks") {
            guard let r = Self.parse(s.raw) else { XCTFail("\(s.file) does not parse"); continue }
            let got = c.classify(r)
            let cats = Set(got.categories)
            for k in s.expected { if cats.contains(k) { tp[k, default: 0] += 1 } else { fn[k, default: 0] += 1; misses.append("\(s.file): missed \(k)") } }
            for k in cats.subtracting(s.expected).subtracting(s.allowed) { fp[k, default: 0] += 1; misses.append("\(s.file): extra \(k) (\(got.ruleIDs))") }
            let cves = Set(got.cves)
            cveTP += cves.intersection(s.cves).count
            cveFN += s.cves.subtracting(cves).count
            cveFP += cves.subtracting(s.cves).count
            for m in s.cves.subtracting(cves) { misses.append("\(s.file): missed \(m)") }
            for m in cves.subtracting(s.cves) { misses.append("\(s.file): extra \(m)") }
        }
        let allTP = tp.values.reduce(0, +), allFP = fp.values.reduce(0, +), allFN = fn.values.reduce(0, +)
        let precision = Double(allTP) / Double(max(1, allTP + allFP))
        let recall = Double(allTP) / Double(max(1, allTP + allFN))
        let cvePrecision = Double(cveTP) / Double(max(1, cveTP + cveFP))
        let cveRecall = Double(cveTP) / Double(max(1, cveTP + cveFN))
        var report = String(format: "overall precision %.3f recall %.3f; CVE precision %.3f recall %.3f\n", precision, recall, cvePrecision, cveRecall)
        for k in Set(tp.keys).union(fp.keys).union(fn.keys).sorted() {
            let t = tp[k, default: 0], p = fp[k, default: 0], n = fn[k, default: 0]
            let pr = Double(t) / Double(max(1, t + p)), rc = Double(t) / Double(max(1, t + n))
            report += String(format: "  %-20@ tp %3d fp %2d fn %2d  precision %.2f recall %.2f\n", k as NSString, t, p, n, pr, rc)
            XCTAssertGreaterThanOrEqual(pr, 0.8, "precision of \(k)")
            XCTAssertGreaterThanOrEqual(rc, 0.8, "recall of \(k)")
        }
        print(report + misses.joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(precision, 0.9)
        XCTAssertGreaterThanOrEqual(recall, 0.9)
        XCTAssertGreaterThanOrEqual(cvePrecision, 0.9)
        XCTAssertGreaterThanOrEqual(cveRecall, 0.9)
    }

    func testNoBenignRequestIsLabelledAnAttack() throws {
        let c = try Self.classifier()
        for s in try Self.load("benign") {
            guard let r = Self.parse(s.raw) else { XCTFail("\(s.file) does not parse"); continue }
            let got = c.classify(r)
            XCTAssertEqual(got.categories, [], "\(s.file): \(got.ruleIDs)")
            XCTAssertEqual(got.cves, [], s.file)
        }
    }
}
