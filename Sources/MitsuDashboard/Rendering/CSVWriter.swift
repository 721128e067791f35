/// RFC 4180 CSV with spreadsheet formula injection defused: a cell an attacker chose that starts with
/// `=`, `+`, `-`, `@`, tab or carriage return would run as a formula when an analyst opens the export in
/// a spreadsheet, so such cells get a leading `'` (OWASP's advice), which spreadsheets show as text.
public enum CSVWriter {
    public static func cell(_ value: String?) -> String {
        guard var v = value, !v.isEmpty else { return "" }
        if let first = v.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { v = "'" + v }
        let needsQuotes = v.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        return needsQuotes ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
    }

    public static func row(_ values: [String?]) -> String {
        values.map(cell).joined(separator: ",") + "\r\n"
    }
}
