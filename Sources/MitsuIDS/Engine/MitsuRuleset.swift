import Foundation

/// The rules Mitsu ships (`Ruleset/mitsu.rules`, `Ruleset/classification.config`), as bundled resources
/// next to the binary, so a sensor alerts out of the box without a rules download.
public enum MitsuRuleset {
    public static var rulesPath: String? {
        Bundle.module.url(forResource: "mitsu", withExtension: "rules", subdirectory: "Ruleset")?.path
    }

    public static var classificationPath: String? {
        Bundle.module.url(forResource: "classification", withExtension: "config", subdirectory: "Ruleset")?.path
    }
}
