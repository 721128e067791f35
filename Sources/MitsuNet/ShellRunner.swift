import MitsuCore
import NIOCore

/// Runs one `ShellProgram` session for a connection (an SSH session channel, a Telnet login) and brings
/// its output back onto the connection's event loop, where the sans-I/O protocol state lives.
///
/// SSH and Telnet share this so that a shell sleeping for output pacing, waiting on a download or reading
/// binary stdin (`scp -t`) never blocks an event loop, and both front ends stop a shell the same way when
/// the client goes away.
public final class ShellRunner: Sendable {
    private let input: AsyncStream<ShellInput>.Continuation
    private let task: Task<Void, Never>

    /// Starts the session. `deliver` runs on `eventLoop`, once per write and once with `.exit`.
    public init(program: any ShellProgram, request: ShellRequest, eventLoop: EventLoop, sink: EventSink,
                deliver: @escaping @Sendable (ShellDelivery) -> Void) {
        // Unbounded on purpose: a client's typing is bounded by the connection's own byte cap, and
        // dropping keystrokes would change what the attacker's script did.
        let (stream, continuation) = AsyncStream<ShellInput>.makeStream()
        input = continuation
        let io = LoopShellIO(eventLoop: eventLoop, sink: sink, deliver: deliver)
        task = Task {
            let status = await program.run(request, input: stream, io: io)
            eventLoop.execute { deliver(.exit(status)) }
        }
    }

    public func send(_ item: ShellInput) {
        input.yield(item)
    }

    /// The client closed its side (EOF): the shell sees the end of its input and finishes normally.
    public func finishInput() {
        input.finish()
    }

    /// The connection is gone: stop the shell, whatever it is doing.
    public func cancel() {
        input.finish()
        task.cancel()
    }
}

/// `ShellIO` that hops onto the connection's event loop. `EventLoop.execute` runs jobs in submission
/// order, which keeps the shell's writes in order.
private struct LoopShellIO: ShellIO {
    let eventLoop: EventLoop
    let sink: EventSink
    let deliver: @Sendable (ShellDelivery) -> Void

    func write(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        let deliver = self.deliver
        eventLoop.execute { deliver(.stdout(bytes)) }
    }

    func writeError(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        let deliver = self.deliver
        eventLoop.execute { deliver(.stderr(bytes)) }
    }

    func emit(_ event: Event) {
        sink.emit(event)
    }
}
