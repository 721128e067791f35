import Hummingbird
import MitsuStore
import NIOCore

/// `GET /api/v1/live`: Server-Sent Events, one `event: event` message per stored event with
/// `{"id":…,"event":{…}}` as data (JSON never contains a raw newline, so one data line suffices) and the
/// store row id as the message's `id:`. A reconnecting browser sends that id back as `Last-Event-ID`
/// (or a page passes `?last_event_id=`): the events stored after it are sent first, in order (the newest
/// `LiveResume.maxReplay` of them), then the stream continues live without repeating any.
extension Dashboard {
    func addLiveAPI(to router: Router<DashboardContext>) {
        router.get("/api/v1/live") { request, _ in
            let after = try self.query {
                try LiveResume.lastEventID(header: request.headers[.init("Last-Event-ID")!],
                                           query: request.queryDictionary["last_event_id"])
            }
            guard let (id, stream) = self.live.subscribe() else {
                throw HTTPError(.serviceUnavailable, message: "too many live feeds open")
            }
            // Read the missed events only after subscribing: anything stored meanwhile is in one or both.
            let resume: LiveResume?
            do {
                resume = try after.map { a in try self.query { try LiveResume(after: a) { try self.reader.latestEvents(after: $0, limit: $1) } } }
            } catch {
                self.live.unsubscribe(id)
                throw error
            }
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
                if let resume {
                    if resume.truncated {
                        try await writer.write(ByteBuffer(string: ": older missed events left out; replaying the newest \(resume.replay.count)\n\n"))
                    }
                    for s in resume.replay { try await writer.write(ByteBuffer(string: Dashboard.sseMessage(s))) }
                }
                for await item in stream {
                    if let s = item {
                        guard resume?.admits(s.id) ?? true else { continue }
                        try await writer.write(ByteBuffer(string: Dashboard.sseMessage(s)))
                    } else {
                        try await writer.write(ByteBuffer(string: ": keepalive\n\n"))
                    }
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
        }
    }

    static func sseMessage(_ s: StoredEvent) -> String {
        "id: \(s.id)\nevent: event\ndata: \(s.apiJSON.serialized())\n\n"
    }
}
