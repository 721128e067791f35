/// `$(( ))` arithmetic: integers, variables, `+ - * / %`, comparisons, `&& || !`, parentheses.
/// Wrapping operations and checked division: hostile expressions give a value or an error, never a trap.
public struct Arithmetic {
    private let t: [Token]
    private var i = 0
    private var depth = 0
    private let lookup: (String) -> Int

    enum Token: Equatable { case number(Int), name(String), op(String) }

    public struct Failure: Error, Equatable { public var message: String }

    public static func evaluate(_ text: String, lookup: (String) -> Int) -> Result<Int, Failure> {
        guard text.utf8.count <= 4096, let tokens = tokenize(text) else { return .failure(Failure(message: "syntax error in expression")) }
        return withoutActuallyEscaping(lookup) { l in
            var a = Arithmetic(t: tokens, lookup: l)
            do {
                let v = try a.expression(0)
                guard a.i == tokens.count else { throw Failure(message: "syntax error in expression (error token is \"\(a.rest())\")") }
                return .success(v)
            } catch let f as Failure {
                return .failure(f)
            } catch {
                return .failure(Failure(message: "syntax error"))
            }
        }
    }

    private init(t: [Token], lookup: @escaping (String) -> Int) {
        self.t = t
        self.lookup = lookup
    }

    private func rest() -> String {
        t[min(i, t.count)...].map { tok -> String in
            switch tok {
            case .number(let n): return String(n)
            case .name(let s), .op(let s): return s
            }
        }.joined(separator: " ")
    }

    static let precedence: [String: Int] = ["||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4,
                                            "+": 5, "-": 5, "*": 6, "/": 6, "%": 6]

    private mutating func expression(_ minPrec: Int) throws -> Int {
        depth += 1
        defer { depth -= 1 }
        guard depth < 64 else { throw Failure(message: "expression recursion level exceeded") }
        var lhs = try unary()
        while i < t.count, case .op(let o) = t[i], let prec = Arithmetic.precedence[o], prec > minPrec {
            i += 1
            let rhs = try expression(prec)
            switch o {
            case "+": lhs = lhs &+ rhs
            case "-": lhs = lhs &- rhs
            case "*": lhs = lhs &* rhs
            case "/", "%":
                guard rhs != 0 else { throw Failure(message: "division by 0 (error token is \"\(rhs)\")") }
                if lhs == Int.min, rhs == -1 { lhs = o == "/" ? Int.min : 0 } else { lhs = o == "/" ? lhs / rhs : lhs % rhs }
            case "==": lhs = lhs == rhs ? 1 : 0
            case "!=": lhs = lhs != rhs ? 1 : 0
            case "<": lhs = lhs < rhs ? 1 : 0
            case ">": lhs = lhs > rhs ? 1 : 0
            case "<=": lhs = lhs <= rhs ? 1 : 0
            case ">=": lhs = lhs >= rhs ? 1 : 0
            case "&&": lhs = (lhs != 0 && rhs != 0) ? 1 : 0
            case "||": lhs = (lhs != 0 || rhs != 0) ? 1 : 0
            default: break
            }
        }
        return lhs
    }

    private mutating func unary() throws -> Int {
        guard i < t.count else { throw Failure(message: "syntax error: operand expected") }
        let tok = t[i]
        i += 1
        switch tok {
        case .number(let n): return n
        case .name(let s): return lookup(s)
        case .op("-"): return 0 &- (try unary())
        case .op("+"): return try unary()
        case .op("!"): return try unary() == 0 ? 1 : 0
        case .op("("):
            let v = try expression(0)
            guard i < t.count, t[i] == .op(")") else { throw Failure(message: "missing `)'") }
            i += 1
            return v
        default: throw Failure(message: "syntax error: operand expected")
        }
    }

    static func tokenize(_ text: String) -> [Token]? {
        let u = Array(text.utf8)
        var out: [Token] = []
        var k = 0
        while k < u.count {
            let c = u[k]
            if c == 0x20 || c == 0x09 || c == 0x0A { k += 1; continue }
            if c >= 0x30, c <= 0x39 {
                var v = 0
                while k < u.count, u[k] >= 0x30, u[k] <= 0x39 {
                    v = v &* 10 &+ Int(u[k] - 0x30)
                    k += 1
                }
                out.append(.number(v))
                continue
            }
            if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x24 {
                var s = k
                if c == 0x24 { s += 1; k += 1 }
                while k < u.count, (u[k] >= 0x41 && u[k] <= 0x5A) || (u[k] >= 0x61 && u[k] <= 0x7A) || u[k] == 0x5F || (u[k] >= 0x30 && u[k] <= 0x39) { k += 1 }
                out.append(.name(String(decoding: u[s..<k], as: UTF8.self)))
                continue
            }
            if k + 1 < u.count {
                let two = String(decoding: u[k...(k + 1)], as: UTF8.self)
                if ["&&", "||", "==", "!=", "<=", ">="].contains(two) {
                    out.append(.op(two))
                    k += 2
                    continue
                }
            }
            let one = String(decoding: [c], as: UTF8.self)
            guard "+-*/%()<>!".contains(one) else { return nil }
            out.append(.op(one))
            k += 1
        }
        return out
    }
}
