/// 💎 Balance / Buy: the balance, one button per credit pack, the seller's referral link; and what a purchase does.
extension Turn {
    mutating func showBalance() {
        var text = texts.balance(user.balance, settings.videoPrice) + "\n\n" + texts.packsIntro
        if let bot = settings.botUsername, settings.referralBonus > 0 {
            text += "\n\n" + texts.referralLine("https://t.me/\(bot)?start=\(Referral.payload(inviter: user.id))",
                                                settings.referralBonus)
        }
        effects.append(.send(OutgoingMessage(text, buttons: packButtons)))
    }

    var packButtons: [[OutgoingMessage.Button]] {
        settings.creditPacks.map { [OutgoingMessage.Button(texts.packButton($0.credits, $0.stars), .buyPack($0))] }
    }

    /// Only a pack on offer now is invoiced; a button drawn for an older offer says so.
    mutating func buy(_ pack: CreditPack) {
        guard settings.creditPacks.contains(pack) else {
            return effects.append(.answer(text: texts.packChanged, alert: true))
        }
        effects.append(.sendInvoice(pack))
    }

    /// A draft waiting on the options card comes back with the new balance, ready to confirm.
    mutating func receivePurchase(_ credits: Int) {
        effects.append(.send(OutgoingMessage(texts.purchaseDone(credits, user.balance))))
        guard conversation.step == .choosingOptions, conversation.photo != nil else { return }
        effects.append(.send(OutgoingMessage(texts.draftAwaitsConfirmation)))
        showOptions(asNewMessage: true)
    }

    /// `/paysupport <question>`: the question goes to the support chat, which answers with `/reply`.
    mutating func askSupport(_ question: String) {
        effects.append(.forwardToSupport(String(question.prefix(1000))))
        effects.append(.send(OutgoingMessage(texts.supportQuestionSent)))
    }
}
