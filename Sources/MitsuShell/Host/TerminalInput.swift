import MitsuCore

/// An interactive session's keystrokes, shared by the prompt's line editor and any program that reads
/// the terminal (`cat > f`, `read`): bytes the editor did not use are pushed back, so whatever the
/// client typed after a command line goes first to that command, and what it leaves to the shell.
final class TerminalInput {
    private var iterator: AsyncStream<ShellInput>.Iterator
    private var pending: [UInt8] = []
    /// The last keystroke consumed was a CR: a LF arriving next is the rest of a CR LF Enter.
    var swallowLF = false
    /// The newest window width the client reported, for the session to pick up.
    private(set) var columns: Int?

    init(_ input: AsyncStream<ShellInput>) { iterator = input.makeAsyncIterator() }

    /// What was pushed back, else the next bytes from the client; nil once the client is gone.
    func next() async -> [UInt8]? {
        while true {
            var chunk: [UInt8]
            if !pending.isEmpty {
                chunk = pending
                pending = []
            } else {
                guard let item = await iterator.next() else { return nil }
                switch item {
                case .resize(let c, _):
                    columns = c
                    continue
                case .bytes(let b): chunk = b
                }
            }
            if swallowLF, let first = chunk.first {
                swallowLF = false
                if first == 0x0A { chunk.removeFirst() }
            }
            if !chunk.isEmpty { return chunk }
        }
    }

    func unread<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if !bytes.isEmpty { pending = Array(bytes) + pending }
    }

    /// Reads a program's input in canonical mode, echoing through `echo`; the bytes after its end stay queued.
    func read(_ mode: CookedInput.Mode, echo: ([UInt8]) -> Void) async -> (data: [UInt8], interrupted: Bool) {
        var cooked = CookedInput(mode: mode)
        while let chunk = await next() {
            let (shown, consumed, outcome) = cooked.feed(chunk[...])
            echo(shown)
            unread(chunk[consumed...])
            swallowLF = cooked.endedWithCR && consumed == chunk.count
            switch outcome {
            case .more: continue
            case .finished: return (cooked.data, false)
            case .interrupted: return (cooked.data, true)
            }
        }
        cooked.finish()
        return (cooked.data, false)
    }
}
