/// Line editing of an interactive terminal, as readline does it for the keys that matter: echo,
/// backspace, ^C, ^D, ^U, ^L, CR/LF/CRLF/CR-NUL line ends; escape sequences (arrows) are swallowed.
/// A pure value: bytes in, actions out.
struct LineEditor {
    enum Action: Equatable {
        case echo([UInt8])
        case line(String)
        case interrupt
        case endOfInput
        case clear
    }

    private var line: [UInt8] = []
    private var lastWasCR = false
    private var escape = 0  // 0: none, 1: after ESC, 2: inside CSI
    /// Position while walking the history with the arrow keys (nil: editing a new line).
    private var historyIndex: Int?
    static let maxLine = 16_384

    /// Replaces the line being edited, erasing the old one on screen.
    private mutating func replaceLine(with text: String, echo: inout [UInt8]) {
        let n = line.count
        echo += Array(repeating: 0x08, count: n) + Array(repeating: 0x20, count: n) + Array(repeating: 0x08, count: n)
        line = Array(text.utf8.prefix(LineEditor.maxLine))
        echo += line
    }

    mutating func feed(_ bytes: [UInt8], history: [String] = []) -> [Action] {
        feed(bytes[...], history: history, stopAfterLine: false).actions
    }

    /// The last byte consumed was a CR (a LF right after it is part of the same Enter).
    var endedWithCR: Bool { lastWasCR }

    /// With `stopAfterLine`, stops after the first complete line (or ^D) so that what follows can go to
    /// the command that line runs, if it reads the terminal; `consumed` says how far it got.
    mutating func feed(_ bytes: ArraySlice<UInt8>, history: [String] = [], stopAfterLine: Bool) -> (actions: [Action], consumed: Int) {
        var actions: [Action] = []
        var echo: [UInt8] = []
        func flush() {
            if !echo.isEmpty { actions.append(.echo(echo)); echo.removeAll() }
        }
        var consumed = 0
        while consumed < bytes.count {
            let b = bytes[bytes.startIndex + consumed]
            consumed += 1
            let afterCR = lastWasCR
            lastWasCR = false
            if escape == 1 {
                escape = (b == 0x5B || b == 0x4F) ? 2 : 0
                continue
            }
            if escape == 2 {
                guard b >= 0x40, b <= 0x7E else { continue }
                escape = 0
                // Up and down arrows walk the history, as readline does.
                if b == 0x41, !history.isEmpty {
                    let k = max(0, (historyIndex ?? history.count) - 1)
                    historyIndex = k
                    replaceLine(with: history[k], echo: &echo)
                } else if b == 0x42, let k = historyIndex {
                    historyIndex = k + 1 < history.count ? k + 1 : nil
                    replaceLine(with: k + 1 < history.count ? history[k + 1] : "", echo: &echo)
                }
                continue
            }
            switch b {
            case 0x0D:
                flush()
                actions.append(.line(String(decoding: line, as: UTF8.self)))
                line.removeAll()
                historyIndex = nil
                lastWasCR = true
                if stopAfterLine {
                    if consumed < bytes.count, bytes[bytes.startIndex + consumed] == 0x0A {
                        consumed += 1
                        lastWasCR = false
                    }
                    return (actions, consumed)
                }
            case 0x0A:
                if afterCR { continue }
                flush()
                actions.append(.line(String(decoding: line, as: UTF8.self)))
                line.removeAll()
                historyIndex = nil
                if stopAfterLine { return (actions, consumed) }
            case 0x00:
                continue
            case 0x7F, 0x08:
                if !line.isEmpty {
                    // Drop a whole UTF-8 character, not just its last byte.
                    while let last = line.popLast(), last & 0xC0 == 0x80 {}
                    echo += [0x08, 0x20, 0x08]
                }
            case 0x03:
                flush()
                line.removeAll()
                actions.append(.interrupt)
            case 0x04:
                if line.isEmpty {
                    flush()
                    actions.append(.endOfInput)
                    return (actions, consumed)
                }
            case 0x15:  // ^U
                echo += Array(repeating: 0x08, count: line.count) + Array(repeating: 0x20, count: line.count) + Array(repeating: 0x08, count: line.count)
                line.removeAll()
            case 0x0C:
                flush()
                actions.append(.clear)
            case 0x1B:
                escape = 1
            case 0x09:
                continue
            default:
                guard b >= 0x20 else { continue }
                if line.count < LineEditor.maxLine {
                    line.append(b)
                    echo.append(b)
                }
            }
        }
        flush()
        return (actions, consumed)
    }
}
