import MitsuCore
import MitsuSSH

/// Checks that need a honeypot module, not just the YAML (an SSH persona file naming an algorithm MitsuSSH
/// lacks). `mitsu config check` and `mitsu run` call it, so a bad file is reported once, with its line,
/// instead of as a worker that keeps crashing.
public enum ConfigValidation {
    public static func validate(_ config: MitsuConfig) throws {
        if config.ssh.common.enabled || config.telnet.common.enabled {
            _ = try SSHPersona.resolve(config.ssh)
        }
    }
}
