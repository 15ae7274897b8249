// swift-tools-version: 6.0
import PackageDescription

/// The numerical core is compiled with optimisation in debug builds too.
///
/// The test suite runs Monte Carlo checks of 10^7 samples and 10^5 fuzz inputs, which take minutes
/// unoptimised and seconds optimised. Assertions and internal checks stay on.
let optimizedEvenInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
  name: "flowbook",
  products: [
    .executable(name: "flowbook", targets: ["flowbook"]),
    .library(name: "FlowbookKit", targets: ["FlowbookKit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
  ],
  targets: [
    // libedit, declared as SwiftPM's docs recommend: a module map over a local shim header.
    .systemLibrary(
      name: "CEditLine", pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"]), .brew(["libedit"])]),
    // The system zlib, for reading compressed HdrHistogram encodings written by other tools.
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
    // Units and dimensioned numbers: the one concept everything imports; imports nothing.
    .target(name: "Quantities", swiftSettings: optimizedEvenInDebug),
    // The whole tool, with no terminal I/O.
    .target(
      name: "FlowbookKit",
      dependencies: [
        "Quantities", "CZlib",
        .product(name: "Yams", package: "Yams"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Histogram", package: "hdrhistogram-swift"),
      ],
      swiftSettings: optimizedEvenInDebug + [
        .define("FLOWBOOK_INTERNAL_CHECKS", .when(configuration: .debug))
      ]),
    // The thin shell: argv, libedit, colour, exit codes.
    .executableTarget(
      name: "flowbook",
      dependencies: [
        "FlowbookKit", "CEditLine",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // Debug builds only: the FLOWBOOK_FAULT_INJECT hook the recovery tests crash with.
      swiftSettings: [.define("FLOWBOOK_INTERNAL_CHECKS", .when(configuration: .debug))]),
    .testTarget(name: "QuantitiesTests", dependencies: ["Quantities"]),
    .testTarget(name: "FlowbookKitTests", dependencies: ["FlowbookKit", "Quantities"]),
    .testTarget(name: "FlowbookEndToEndTests", dependencies: ["FlowbookKit", "flowbook"]),
  ]
)
