import FlowbookKit
print("flowbook")
