/// Message numbers (RFC 4250 §4.1 and OpenSSH's PROTOCOL).
public enum SSHMessage {
    public static let disconnect: UInt8 = 1
    public static let ignore: UInt8 = 2
    public static let unimplemented: UInt8 = 3
    public static let debug: UInt8 = 4
    public static let serviceRequest: UInt8 = 5
    public static let serviceAccept: UInt8 = 6
    public static let extInfo: UInt8 = 7
    public static let kexInit: UInt8 = 20
    public static let newKeys: UInt8 = 21
    public static let kexECDHInit: UInt8 = 30
    public static let kexECDHReply: UInt8 = 31
    public static let kexDHGexGroup: UInt8 = 31
    public static let kexDHGexInit: UInt8 = 32
    public static let kexDHGexReply: UInt8 = 33
    public static let kexDHGexRequest: UInt8 = 34
    public static let userauthRequest: UInt8 = 50
    public static let userauthFailure: UInt8 = 51
    public static let userauthSuccess: UInt8 = 52
    public static let userauthBanner: UInt8 = 53
    public static let userauthPKOK: UInt8 = 60
    public static let userauthInfoRequest: UInt8 = 60
    public static let userauthInfoResponse: UInt8 = 61
    public static let globalRequest: UInt8 = 80
    public static let requestSuccess: UInt8 = 81
    public static let requestFailure: UInt8 = 82
    public static let channelOpen: UInt8 = 90
    public static let channelOpenConfirmation: UInt8 = 91
    public static let channelOpenFailure: UInt8 = 92
    public static let channelWindowAdjust: UInt8 = 93
    public static let channelData: UInt8 = 94
    public static let channelExtendedData: UInt8 = 95
    public static let channelEOF: UInt8 = 96
    public static let channelClose: UInt8 = 97
    public static let channelRequest: UInt8 = 98
    public static let channelSuccess: UInt8 = 99
    public static let channelFailure: UInt8 = 100
}

/// Disconnect reason codes (RFC 4250 §4.2.2).
public enum SSHDisconnectReason {
    public static let protocolError: UInt32 = 2
    public static let keyExchangeFailed: UInt32 = 3
    public static let macError: UInt32 = 5
    public static let serviceNotAvailable: UInt32 = 7
    public static let byApplication: UInt32 = 11
    public static let tooManyConnections: UInt32 = 12
    public static let noMoreAuthMethodsAvailable: UInt32 = 14
}
