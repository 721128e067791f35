import Hummingbird
import NIOCore

/// Response builders shared by pages and API handlers.
enum Responses {
    static func html(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }

    static func text(_ body: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(.object([("error", .string(message))]), status: status)
    }

    /// 303 so that a POST is followed by a GET.
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A `next=` target after login: only a local absolute path (not `//host`, not a scheme), so a link
    /// cannot turn the login page into an open redirect.
    static func safeLocalPath(_ s: String?) -> String {
        guard let s, s.hasPrefix("/"), !s.hasPrefix("//"), !s.hasPrefix("/\\"), s.utf8.count <= 2048,
              !s.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" }) else { return "/" }
        return s
    }
}
