// bench/web/classify.sh: the classifier alone (RequestView + every shipped rule), over the labelled corpus.
// Compiled with swiftc -O together with MitsuWeb's HTTP/ and Classifier/ sources (no package build).
import Foundation

func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

@main
struct ClassifyBench {
    static func main() throws {
        let args = CommandLine.arguments
        let corpus = args[1], rulesPath = args[2]
        let rounds = args.count > 3 ? Int(args[3]) ?? 20 : 20
        var requests: [HTTPRequest] = []
        for kind in ["attacks", "benign"] {
            let dir = corpus + "/" + kind
            for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".http") {
                guard let data = FileManager.default.contents(atPath: dir + "/" + name) else { continue }
                var p = HTTPRequestParser()
                for o in p.feed(Array(data)) { if case .request(let r) = o { requests.append(r) } }
            }
        }
        let classifier = WebClassifier(rules: try WebRuleSet.load(path: rulesPath))
        var found = 0
        // Thread CPU time, not wall time: the machines are shared and a preempted loop would count the wait.
        func measure(_ label: String, _ set: [HTTPRequest], rounds: Int) {
            for r in set { found += classifier.classify(r).categories.count }  // warm-up
            let start = cpuSeconds()
            for _ in 0..<rounds {
                for r in set { found += classifier.classify(r).categories.count }
            }
            let elapsed = cpuSeconds() - start
            let n = Double(rounds * set.count)
            print(String(format: "%@: %d requests x %d rounds, %.0f classifications/s of CPU, %.1f µs each",
                         label, set.count, rounds, n / elapsed, elapsed / n * 1e6))
        }
        measure("corpus (attacks + benign)", requests, rounds: rounds)
        // The request bench/web/run.sh sends with wrk: GET / with a browser's headers.
        var p = HTTPRequestParser()
        let plain = "GET / HTTP/1.1\r\nHost: 127.0.0.1:48080\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0\r\nAccept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\nAccept-Language: en-US,en;q=0.5\r\n\r\n"
        if case .request(let r)? = p.feed(Array(plain.utf8)).first { measure("GET / (bench/web's request)", [r], rounds: rounds * 100) }
        print("checksum \(found)")
    }
}
