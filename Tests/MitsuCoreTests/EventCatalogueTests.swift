import XCTest
@testable import MitsuCore

/// docs/events.md is the catalogue users read; it must describe every kind and field the code can emit.
final class EventCatalogueTests: XCTestCase {
    private func catalogue() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("docs/events.md"), encoding: .utf8)
    }

    func testEveryEventKindIsCatalogued() throws {
        let doc = try catalogue()
        let missing = EventKind.allCases.filter { !doc.contains("### `\($0.rawValue)`") }
        XCTAssertEqual(missing, [], "docs/events.md lacks a '### `kind`' section for these kinds")
    }

    func testEveryCataloguedKindExists() throws {
        let doc = try catalogue()
        let kinds = Set(EventKind.allCases.map(\.rawValue))
        let regex = try NSRegularExpression(pattern: "^### `([a-z0-9_.]+)`", options: .anchorsMatchLines)
        let headings = regex.matches(in: doc, range: NSRange(doc.startIndex..., in: doc)).compactMap { m in
            Range(m.range(at: 1), in: doc).map { String(doc[$0]) }
        }
        XCTAssertFalse(headings.isEmpty)
        XCTAssertEqual(headings.filter { !kinds.contains($0) }, [], "catalogued kinds the code does not know")
    }

    func testEveryFieldIsCatalogued() throws {
        let doc = try catalogue()
        let missing = Event.fieldNames.filter { !doc.contains("| `\($0)`") }
        XCTAssertEqual(missing, [], "docs/events.md field table lacks these fields")
    }

    /// A kind can only be emitted through `EventKind`; this guards against a raw string sneaking in.
    func testSourcesBuildEventsOnlyFromEventKind() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        XCTAssertFalse(files.isEmpty)
        let pattern = try NSRegularExpression(pattern: "EventKind\\(rawValue: *\"")
        for f in files {
            let text = try String(contentsOf: f, encoding: .utf8)
            XCTAssertEqual(pattern.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text)), 0, f.path)
        }
    }
}
