import Hummingbird
import MitsuStore
import NIOCore

/// `GET /api/v1/live`: Server-Sent Events, one `event: event` message per stored event with
/// `{"id":…,"event":{…}}` as data (JSON never contains a raw newline, so one data line suffices).
extension Dashboard {
    func addLiveAPI(to router: Router<DashboardContext>) {
        router.get("/api/v1/live") { _, _ in
            guard let (_, stream) = self.live.subscribe() else {
                throw HTTPError(.serviceUnavailable, message: "too many live feeds open")
            }
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
                for await item in stream {
                    if let s = item {
                        try await writer.write(ByteBuffer(string: "id: \(s.id)\nevent: event\ndata: \(s.apiJSON.serialized())\n\n"))
                    } else {
                        try await writer.write(ByteBuffer(string: ": keepalive\n\n"))
                    }
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
        }
    }
}
