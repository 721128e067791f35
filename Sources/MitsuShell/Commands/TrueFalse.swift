extension Commands {
    static let trueCommand = CommandSpec(["true", ":"], in: "") { _ in 0 }
    static let falseCommand = CommandSpec(["false"], in: "") { _ in 1 }
}
