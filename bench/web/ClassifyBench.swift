// bench/web/classify.sh: the classifier alone (RequestView + every shipped rule), over the labelled corpus.
// Compiled with swiftc -O together with MitsuWeb's HTTP/ and Classifier/ sources (no package build).
import Foundation

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
        for r in requests { found += classifier.classify(r).categories.count }  // warm-up
        let start = Date()
        for _ in 0..<rounds {
            for r in requests { found += classifier.classify(r).categories.count }
        }
        let elapsed = Date().timeIntervalSince(start)
        let n = Double(rounds * requests.count)
        print(String(format: "classify: %d requests x %d rounds, %.0f classifications/s, %.1f µs each (checksum %d)",
                     requests.count, rounds, n / elapsed, elapsed / n * 1e6, found))
    }
}
