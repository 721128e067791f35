import Foundation

/// The per-install random choices that make two Mitsu sensors look like two different machines, kept in
/// the data directory (`DATA/shell/persona.json`) so one sensor looks the same across restarts (a host
/// whose hostname or MAC changes every day is a tell too).
public struct PersonaState: Sendable, Equatable, Codable {
    public var hostname: String
    public var macs: [String]
    public var ipv4: String
    public var extraUser: String
    public var bootTime: Double

    public static let fileName = "shell/persona.json"

    /// Reads the saved state, or draws a new one and saves it. A directory that cannot be written still
    /// gets a usable (unsaved) state.
    public static func loadOrCreate(dataDirectory: String?) -> PersonaState {
        guard let dataDirectory else { return random() }
        let path = "\(dataDirectory)/\(fileName)"
        if let data = FileManager.default.contents(atPath: path),
           let state = try? JSONDecoder().decode(PersonaState.self, from: data) {
            return state
        }
        let state = random()
        try? FileManager.default.createDirectory(atPath: "\(dataDirectory)/shell", withIntermediateDirectories: true)
        if let data = try? JSONEncoder().encode(state) {
            _ = FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
        }
        return state
    }

    public static func random<G: RandomNumberGenerator>(using g: inout G) -> PersonaState {
        let prefixes = ["srv", "web", "app", "node", "vps", "host", "db", "prod", "ubnt", "debian", "api", "mail"]
        let suffixes = ["01", "02", "1", "2", "3", "-01", "-prod", "-eu", "-a", "", "-backup", "-fra1"]
        let hostname = (prefixes.randomElement(using: &g) ?? "srv") + (suffixes.randomElement(using: &g) ?? "01")
        // Virtual NIC vendor prefixes a cloud VM really shows (KVM/QEMU, Xen, VMware, Hyper-V).
        let ouis = ["52:54:00", "00:16:3e", "00:50:56", "00:15:5d", "fa:16:3e"]
        let oui = ouis.randomElement(using: &g) ?? "52:54:00"
        let mac = oui + (0..<3).map { _ in ":" + hex2(UInt8.random(in: 0...255, using: &g)) }.joined()
        let users = ["admin", "deploy", "ubuntu", "debian", "devops", "jenkins", "git", "backup", "support", "oracle", "user", "ops"]
        let days = Double(Int.random(in: 3...160, using: &g))
        let seconds = Double(Int.random(in: 0..<86_400, using: &g))
        let ip = "10.\(Int.random(in: 0...255, using: &g)).\(Int.random(in: 0...255, using: &g)).\(Int.random(in: 2...254, using: &g))"
        return PersonaState(hostname: hostname, macs: [mac], ipv4: ip, extraUser: users.randomElement(using: &g) ?? "admin",
                            bootTime: Date().timeIntervalSince1970 - days * 86_400 - seconds)
    }

    public static func random() -> PersonaState {
        var g = SystemRandomNumberGenerator()
        return random(using: &g)
    }

    static func hex2(_ b: UInt8) -> String {
        let d = Array("0123456789abcdef")
        return String([d[Int(b >> 4)], d[Int(b & 0xF)]])
    }
}
