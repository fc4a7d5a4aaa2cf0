import Domain
import Logging
import Postgres
import Telegram

/// Telegram Stars payments, inside the update's transaction: the pre-checkout answer (ok only for a current pack
/// invoiced to this very seller) and the credit, once per `telegram_payment_charge_id`, with its ledger row and the
/// inviter's referral bonus on a seller's first purchase.
struct PaymentDesk {
    let settings: DialogueSettings
    let signingSecret: String
    let db: PostgresConnection
    let logger: Logger

    func answer(_ query: PreCheckoutQuery) throws {
        let language = try Users.lock(query.from.id, on: db)?.language ?? Language(languageCode: query.from.languageCode)
        try OutboxJobs.answerPreCheckout(queryID: query.id, refusal: refusal(of: query, texts: language.texts), on: db)
    }

    /// What the seller is told when the payment may not go ahead; nil when it may.
    func refusal(of query: PreCheckoutQuery, texts: Texts) -> String? {
        guard let invoice = InvoicePayload.verified(query.invoicePayload, secret: signingSecret),
              invoice.userID == query.from.id, query.currency == SendInvoice.stars,
              query.totalAmount == invoice.pack.stars
        else { return texts.invoiceInvalid }
        return settings.creditPacks.contains(invoice.pack) ? nil : texts.packChanged
    }

    /// The credits granted and the new balance, or nil when this charge was credited before (or cannot be read, which is logged for an
    /// operator to refund). The invoice's pack is what was paid for, even if the offer has changed since.
    func credit(_ payment: SuccessfulPayment, userID: Int64) throws -> (credits: Int, balance: Int)? {
        guard let invoice = InvoicePayload.verified(payment.invoicePayload, secret: signingSecret),
              invoice.userID == userID, payment.currency == SendInvoice.stars
        else {
            logger.error("a payment the bot did not invoice; refund it by its charge id",
                         metadata: ["user": "\(userID)", "charge": "\(payment.telegramPaymentChargeID)"])
            return nil
        }
        let credits = invoice.pack.credits
        guard try Payments.record(chargeID: payment.telegramPaymentChargeID, userID: userID, credits: credits,
                                  stars: payment.totalAmount, on: db)
        else { return nil }
        guard let balance = try Ledger.post(userID: userID, delta: credits, reason: .purchase,
                                            reference: "payment:\(payment.telegramPaymentChargeID)", on: db)
        else { return nil }
        try payReferralBonus(invitee: userID)
        return (credits, balance)
    }

    private func payReferralBonus(invitee: Int64) throws {
        guard settings.referralBonus > 0, try Payments.count(userID: invitee, on: db) == 1,
              let inviterID = Referral.inviter(inPayload: try Users.startPayload(userID: invitee, on: db)),
              inviterID != invitee, let inviter = try Users.lock(inviterID, on: db),
              let balance = try Ledger.post(userID: inviterID, delta: settings.referralBonus, reason: .referralBonus,
                                            reference: "referral:\(invitee)", on: db)
        else { return }
        try OutboxJobs.send(OutgoingMessage(inviter.language.texts.referralPaid(settings.referralBonus, balance)),
                            chatID: inviter.chatID, uniqueKey: "referral:\(invitee)", on: db)
    }
}
