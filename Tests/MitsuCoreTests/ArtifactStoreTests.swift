import Foundation
import MitsuCore
import XCTest

final class ArtifactStoreTests: XCTestCase {
    func testStoresByContentReadOnlyAndDeduplicates() throws {
        let dir = NSTemporaryDirectory() + "artifacts-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = ArtifactStore(root: dir)
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00]
        let first = try store.store(elf)
        // sha256 of these 8 bytes, computed with `printf '\x7fELF\x02\x01\x01\x00' | sha256sum`.
        XCTAssertEqual(first.sha256, "e94466faac02d08efbb3109dbe52d0c13c5a53859e328d50dbeb2e6f0ee89871")
        XCTAssertEqual(first.path, "\(dir)/sha256/\(first.sha256.prefix(2))/\(first.sha256)")
        XCTAssertTrue(first.isNew)
        XCTAssertEqual(FileManager.default.contents(atPath: first.path).map { [UInt8]($0) }, elf)
        let mode = try FileManager.default.attributesOfItem(atPath: first.path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o440, "never executable, never writable")
        let again = try store.store(elf)
        XCTAssertFalse(again.isNew)
        XCTAssertEqual(again.sha256, first.sha256)
        XCTAssertEqual(first.sha256, Digests.sha256(elf))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (first.path as NSString).deletingLastPathComponent)
        XCTAssertEqual(leftovers, [first.sha256], "no temporary files left behind")
    }
}
