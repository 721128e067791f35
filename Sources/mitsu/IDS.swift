import ArgumentParser
import Foundation
import MitsuCore
import MitsuIDS

/// `mitsu ids …`: the rule tools of MitsuIDS.
struct IDS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ids", abstract: "Suricata-language rules over honeypot events.",
        subcommands: [Check.self, Match.self, Bench.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load rule files; print how many rules load and how many are rejected, per reason.")

        @Argument(help: "Rule files (Suricata syntax).")
        var files: [String]

        @Flag(name: .long, help: "List every rejected rule with its file, line and reason.")
        var verbose = false

        func run() throws {
            let start = DispatchTime.now().uptimeNanoseconds
            let (rules, rejects) = RuleLoader.load(files: files)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            let total = rules.count + rejects.count
            let share = total == 0 ? 0 : Double(rules.count) * 100 / Double(total)
            print("loaded \(rules.count) of \(total) rules (\(String(format: "%.1f", share))%) in \(String(format: "%.0f", ms)) ms")
            let inert = rules.filter(\.inspectsServerTrafficOnly).count
            if inert > 0 { print("  of which \(inert) inspect server-to-client traffic only (never fire on honeypot input)") }
            for (reason, count) in RuleLoader.summary(rejects) {
                print("rejected \(count): \(reason)")
            }
            let unfiltered = rules.filter { $0.fastPattern == nil && !$0.inspectsServerTrafficOnly }
            if !unfiltered.isEmpty { print("  of which \(unfiltered.count) have no content (prefiltered by their address lists where possible)") }
            if verbose {
                for r in rejects { print(r) }
                for r in unfiltered { print("no fast pattern: sid \(r.sid) \(r.msg)") }
            }
        }
    }

    struct Match: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run rules over events (JSON lines from a file or stdin) and print the ids.alert events.")

        @Option(name: .long, help: "Rule file; repeat for more.")
        var rules: [String]

        @Argument(help: "events.jsonl (stdin when omitted).")
        var events: String?

        func run() throws {
            let (loaded, rejects) = RuleLoader.load(files: rules)
            FileHandle.standardError.write(Data("loaded \(loaded.count) rules, \(rejects.count) rejected\n".utf8))
            let engine = IDSEngine(rules: loaded)
            let handle = try events.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0)) } ?? FileHandle.standardInput
            var buffer = Data()
            func process(_ line: Data) {
                guard let e = try? EventCodec.decode(line) else { return }
                for alert in engine.inspect(e) { print(EventCodec.encodeString(alert)) }
            }
            while true {
                let chunk = handle.readData(ofLength: 1 << 20)
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let nl = buffer.firstIndex(of: 10) {
                    process(buffer[buffer.startIndex..<nl])
                    buffer.removeSubrange(buffer.startIndex...nl)
                }
            }
            if !buffer.isEmpty { process(buffer) }
        }
    }
}

extension IDS {
    /// `mitsu ids bench`: single-thread prefilter + match throughput over a corpus of events.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure rule-load time and MB/s of prefilter + full match over events (one core).")

        @Option(name: .long, help: "Rule file; repeat for more.")
        var rules: [String]

        @Option(name: .long, help: "events.jsonl corpus.")
        var events: String

        @Option(name: .long, help: "Seconds to run the match loop.")
        var seconds: Double = 5

        func run() throws {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let (loaded, rejects) = RuleLoader.load(files: rules)
            let t1 = DispatchTime.now().uptimeNanoseconds
            // Without the content-verdict cache: these figures are the matching itself, each input worked out.
            let engine = IDSEngine(rules: loaded, verdictCacheEntries: 0)
            let t2 = DispatchTime.now().uptimeNanoseconds
            print(String(format: "rules: %d loaded, %d rejected; parse %.2f s, engine build %.2f s, load total %.2f s",
                         loaded.count, rejects.count, Double(t1 - t0) / 1e9, Double(t2 - t1) / 1e9, Double(t2 - t0) / 1e9))
            let stats = engine.prefilterStats
            print("prefilter: \(stats.patterns) fast patterns (\(stats.shortPatterns) of 1-2 bytes), \(stats.unfiltered) rules without one")
            guard let data = FileManager.default.contents(atPath: events) else { throw ValidationError("cannot read \(events)") }
            let decoded = data.split(separator: 10).compactMap { try? EventCodec.decode($0) }
            let inputs = decoded.compactMap(InspectionInput.from)
            // Bytes inspected: every buffer of every input (the raw payload plus the derived HTTP buffers).
            let bytesPerPass = inputs.reduce(0) { $0 + $1.buffers.reduce(0) { $0 + ($1?.count ?? 0) } }
            let payloadPerPass = inputs.reduce(0) { $0 + ($1[.payload]?.count ?? 0) }
            guard !inputs.isEmpty else { throw ValidationError("no inspectable events in \(events)") }
            var alerts = 0
            let candidates = inputs.reduce(0) { $0 + engine.candidateCount($1) }
            let (passes, elapsed) = repeatFor(seconds) { for input in inputs { alerts += engine.matchingRules(input).count } }
            print(String(format: "match: %d events x %d passes in %.2f s: %.0f events/s, %.1f MB/s of payload, %.1f MB/s of all buffers; %.1f candidates and %.2f alerts per event",
                         inputs.count, passes, elapsed, Double(inputs.count * passes) / elapsed,
                         Double(payloadPerPass * passes) / elapsed / 1e6, Double(bytesPerPass * passes) / elapsed / 1e6,
                         Double(candidates) / Double(inputs.count), Double(alerts) / Double(inputs.count * passes)))
            try benchRawPayloads(engine, decoded)
            benchRepeats(loaded, inputs)
        }

        /// Runs `pass` until `seconds` have gone by: how many passes, in how many seconds.
        func repeatFor(_ seconds: Double, _ pass: () -> Void) -> (passes: Int, elapsed: Double) {
            var passes = 0
            let start = DispatchTime.now().uptimeNanoseconds
            let deadline = start + UInt64(seconds * 1e9)
            repeat {
                pass()
                passes += 1
            } while DispatchTime.now().uptimeNanoseconds < deadline
            return (passes, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }

        /// The corpus again through an engine with the content-verdict cache, as the collector runs it: a
        /// repeated input skips the prefilter and the pattern matching (hits as the cache's size allows).
        func benchRepeats(_ rules: [Rule], _ inputs: [InspectionInput]) {
            let engine = IDSEngine(rules: rules)
            var alerts = 0
            let (passes, elapsed) = repeatFor(seconds) { for input in inputs { alerts += engine.matchingRules(input).count } }
            let stats = engine.verdictCacheStats
            print(String(format: "match with the verdict cache (%d distinct inputs kept): %.0f events/s, %.1f %% answered from it; %.2f alerts per event",
                         stats.entries, Double(inputs.count * passes) / elapsed,
                         100 * Double(stats.hits) / Double(inputs.count * passes), Double(alerts) / Double(inputs.count * passes)))
        }

        /// The trap's raw bytes alone: `pkt_data` of every `payload` event, without the HTTP/TLS/DNS/SSH
        /// buffers derived from it, so the figure is the prefilter + match cost per raw byte captured (the
        /// mixed run above divides the same time by payload bytes while also scanning derived buffers).
        func benchRawPayloads(_ engine: IDSEngine, _ events: [Event]) throws {
            let raw: [InspectionInput] = events.filter { $0.kind == .payload }.compactMap { e in
                guard var input = InspectionInput.from(e), let bytes = input[.payload] else { return nil }
                input.buffers = Array(repeating: nil, count: input.buffers.count)
                input[.payload] = bytes
                return input
            }
            guard !raw.isEmpty else { return print("match, raw trap payloads: none in the corpus") }
            let bytesPerPass = raw.reduce(0) { $0 + ($1[.payload]?.count ?? 0) }
            var alerts = 0
            let (passes, elapsed) = repeatFor(seconds) { for input in raw { alerts += engine.matchingRules(input).count } }
            print(String(format: "match, raw trap payloads (pkt_data only): %d payloads x %d passes in %.2f s: %.0f payloads/s, %.1f MB/s; %.2f alerts per payload",
                         raw.count, passes, elapsed, Double(raw.count * passes) / elapsed,
                         Double(bytesPerPass * passes) / elapsed / 1e6, Double(alerts) / Double(raw.count * passes)))
        }
    }
}
