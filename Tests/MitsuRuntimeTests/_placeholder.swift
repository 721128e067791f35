import XCTest
final class _P: XCTestCase { func testNothing() {} }
