import ArgumentParser
import Foundation
import MitsuCore
import MitsuRuntime

/// `mitsu replay SESSION`: plays a session's asciicast recording (DATA/tty/SESSION.cast) in this
/// terminal, with its timing (long pauses shortened), like `asciinema play`.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Play a session's terminal recording (asciicast v2).")

    @Argument(help: "Session id (12 hex digits, from any event of the session).")
    var session: String

    @Option(name: .long, help: "Data directory.")
    var data: String = "./data"

    @Option(name: .long, help: "Playback speed factor.")
    var speed: Double = 1

    @Option(name: .long, help: "Longest pause kept, in seconds.")
    var maxWait: Double = 2

    @Flag(name: .long, help: "Print the output at once, without timing.")
    var instant = false

    @Flag(name: .long, help: "Also show what the attacker typed, marked, where the terminal did not echo it.")
    var input = false

    func validate() throws {
        // Session ids are 12 hex digits; anything else never becomes part of a path.
        guard SessionID(session) != nil else { throw ValidationError("'\(session)' is not a session id (12 hex digits)") }
        guard speed > 0, maxWait >= 0 else { throw ValidationError("--speed must be positive and --max-wait not negative") }
    }

    func run() throws {
        let dir = DataPaths(root: data).ttyDir
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0 == "\(session).cast" || ($0.hasPrefix("\(session)-") && $0.hasSuffix(".cast")) }
            .sorted()
        guard !files.isEmpty else { throw ValidationError("no recording for session \(session) in \(dir)") }
        for file in files {
            guard let text = try? String(contentsOfFile: "\(dir)/\(file)", encoding: .utf8) else { continue }
            try play(text)
        }
    }

    private func play(_ text: String) throws {
        var previous = 0.0
        for (n, line) in text.split(separator: "\n").enumerated() where n > 0 {
            guard let frame = Frame(line: String(line)) else { continue }
            if !instant {
                let pause = min(maxWait, max(0, frame.time - previous)) / speed
                if pause > 0 { Thread.sleep(forTimeInterval: pause) }
            }
            previous = frame.time
            if frame.kind == "o" {
                FileHandle.standardOutput.write(Data(frame.text.utf8))
            } else if input, frame.kind == "i" {
                FileHandle.standardError.write(Data("\u{1B}[2m[typed \(frame.text.debugDescription)]\u{1B}[0m".utf8))
            }
        }
    }
}

/// One `[time, "o"|"i", "text"]` line of an asciicast v2 file.
struct Frame {
    var time: Double
    var kind: String
    var text: String

    init?(line: String) {
        guard let data = line.data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [Any], array.count == 3,
              let time = (array[0] as? NSNumber)?.doubleValue, let kind = array[1] as? String, let text = array[2] as? String
        else { return nil }
        self.time = time
        self.kind = kind
        self.text = text
    }
}
