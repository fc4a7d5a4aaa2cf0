import Domain
import Testing
@testable import Bot

/// A prepared photo's name comes back in a `/media` request: only names the preparation itself makes map to an order.
@Suite struct ProductPhotoNameTests {
    @Test func aPreparedNameMapsBackToItsOrderAndFormat() {
        for format in VideoFormat.allCases {
            let parsed = ProductPhotos.order(ofPreparedName: ProductPhotos.preparedName(orderID: 42, format: format))
            #expect(parsed?.orderID == 42 && parsed?.format == format)
        }
    }

    @Test(arguments: ["order-42-9x16.png", "order--42-9x16.jpg", "order-0-9x16.jpg", "order-42-4x3.jpg",
                      "order-42-9x16.jpg.partial-1.jpg", "x-42-9x16.jpg", "order-9999999999999999999999-9x16.jpg", ""])
    func anyOtherNameMapsToNothing(name: String) {
        #expect(ProductPhotos.order(ofPreparedName: name) == nil)
    }
}
