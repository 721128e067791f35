/// What a program reading the terminal gets, as the kernel's tty in canonical mode delivers it: the
/// client's keystrokes echoed, a line handed over at Enter, backspace and ^U editing the current line,
/// ^D at the start of a line ending the input (mid-line it hands over the partial line), ^C
/// interrupting. A pure value (bytes in, echo and data out) so `cat > f`, `base64 -d > x` and `read`
/// consume exactly what was typed for them and leave the rest to the shell, as bash does.
struct CookedInput {
    enum Mode: Equatable {
        /// Until ^D on an empty line (`cat`, `base64 -d`, `tee`…).
        case toEndOfInput
        /// One line (`read`).
        case oneLine
    }

    enum Outcome: Equatable { case more, finished, interrupted }

    let mode: Mode
    /// What the program has read so far.
    private(set) var data: [UInt8] = []
    private var line: [UInt8] = []
    private var lastWasCR = false
    /// The last byte consumed was a CR (a LF right after it is part of the same Enter).
    var endedWithCR: Bool { lastWasCR }
    /// N_TTY's line buffer: characters past it are dropped until Enter.
    static let maxLine = 4_095
    /// Most a program is handed in total (as StdinCollector caps exec stdin); then it sees end of input.
    static let maxData = 8 << 20

    init(mode: Mode) { self.mode = mode }

    /// Consumes bytes up to the end of this program's input. Returns the echo for the client, how many
    /// bytes were consumed (the rest belongs to the shell), and whether the input is complete.
    mutating func feed(_ bytes: ArraySlice<UInt8>) -> (echo: [UInt8], consumed: Int, outcome: Outcome) {
        var echo: [UInt8] = []
        var consumed = 0
        while consumed < bytes.count {
            let b = bytes[bytes.startIndex + consumed]
            consumed += 1
            let afterCR = lastWasCR
            lastWasCR = false
            switch b {
            case 0x0D, 0x0A:
                // ICRNL: Enter (CR) is a newline; the LF of a CR LF pair is the same keystroke.
                if b == 0x0A, afterCR { continue }
                // Consume the LF of CR LF now if it is here, so the shell does not see an empty line.
                if b == 0x0D, consumed < bytes.count, bytes[bytes.startIndex + consumed] == 0x0A { consumed += 1 } else { lastWasCR = b == 0x0D }
                echo += [0x0D, 0x0A]
                deliver(line + [0x0A])
                line.removeAll()
                if mode == .oneLine || data.count >= CookedInput.maxData { return (echo, consumed, .finished) }
            case 0x04:
                // VEOF: on an empty line the end of input; otherwise the partial line without a newline.
                if line.isEmpty { return (echo, consumed, .finished) }
                deliver(line)
                line.removeAll()
            case 0x03:
                echo += Array("^C\r\n".utf8)
                return (echo, consumed, .interrupted)
            case 0x7F, 0x08:
                if !line.isEmpty {
                    while let last = line.popLast(), last & 0xC0 == 0x80 {}
                    echo += [0x08, 0x20, 0x08]
                }
            case 0x15:
                echo += Array(repeating: 0x08, count: line.count) + Array(repeating: 0x20, count: line.count) + Array(repeating: 0x08, count: line.count)
                line.removeAll()
            default:
                guard line.count < CookedInput.maxLine else { continue }
                line.append(b)
                // ECHOCTL: other control characters show as ^X; the byte itself is still data.
                if b < 0x20, b != 0x09 { echo += [0x5E, b + 0x40] } else { echo.append(b) }
            }
        }
        return (echo, consumed, .more)
    }

    /// The client went away (or stopped sending): a partial line is still handed over, as at ^D.
    mutating func finish() {
        deliver(line)
        line.removeAll()
    }

    private mutating func deliver(_ bytes: [UInt8]) {
        data += bytes.prefix(max(0, CookedInput.maxData - data.count))
    }
}
