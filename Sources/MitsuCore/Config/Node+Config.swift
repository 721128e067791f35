import Yams

/// Builders for printing the effective configuration as YAML (`mitsu config print`).
extension Yams.Node {
    static func bool(_ v: Bool) -> Node { Node(v ? "true" : "false", Tag(.bool)) }
    static func int(_ v: Int) -> Node { Node(String(v), Tag(.int)) }
    static func str(_ v: String) -> Node { Node(v, Tag(.str), .doubleQuoted) }
    static func ints(_ v: [Int]) -> Node { Node(v.map { Node.int($0) }, Tag(.seq), .flow) }
    static func strings(_ v: [String]) -> Node { Node(v.map { Node.str($0) }, Tag(.seq), .flow) }
    static func map(_ pairs: [(String, Node)]) -> Node { Node(pairs.map { (Node($0.0), $0.1) }) }
}
