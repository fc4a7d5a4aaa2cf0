extension Texts {
    public static let english = Texts(
        welcome: { name, balance, bonus in
            """
            Hi, \(name)! I turn a photo of your product into short videos for marketplace cards, Reels and Shorts.

            You get \(bonus) 💎 to start. Balance: \(balance) 💎.
            """
        },
        welcomeBack: { name, balance in "Welcome back, \(name)! Balance: \(balance) 💎." },
        menu: "What shall we do?",
        menuCreate: "🎬 Create video",
        menuMyVideos: "📚 My videos",
        menuBalance: "💎 Balance / Buy",
        menuHelp: "❓ Help",
        help: """
            How it works:
            1. Tap 🎬 Create video and send a photo of your product (a photo or an image file: JPEG, PNG or WebP).
            2. Describe it in a few words, or skip.
            3. Choose 1, 3 or 5 videos and the format, then confirm. Each video is a different scene.
            4. In a few minutes the videos arrive here.

            Commands: /start menu, /videos my videos, /buy buy credits, /balance balance, /cancel leave the current step, /language language, /paysupport help with a payment, /terms terms.
            """,
        balance: { balance, price in "Balance: \(balance) 💎. One video costs \(price) 💎." },
        askPhoto: "Send a photo of your product. Good light and the whole product in frame give the best videos.",
        unsupportedMessage: "I need a photo of the product. Send it as a photo or as an image file (JPEG, PNG or WebP).",
        unsupportedFile: "This file is not an image I can use. Send a JPEG, PNG or WebP image, or a regular photo.",
        fileTooLarge: "This file is larger than 20 MB. Send a smaller image or a regular photo.",
        askDescription: "Got the photo. Describe the product in a few words (for example: “white ceramic mug, 350 ml”), or skip.",
        skipButton: "Skip ⏭",
        descriptionTooLong: { limit in "That is a bit long. Please keep the description under \(limit) characters." },
        analyzingPhoto: "Looking at your photo…",
        proposeDescription: { description in
            "I see: \(description)\nUse this description, type your own, or skip."
        },
        useProposalButton: "✅ Use this",
        descriptionNoted: "Noted. I am still looking at the photo…",
        photoHasFace: "The photo shows a person's face, and video models refuse those. Please send a photo of the product alone. Nothing was charged.",
        photoHasNoProduct: "I could not find a product in this photo. Please send a clear photo of the product. Nothing was charged.",
        tooManyPhotos: { perMinute, perDay in
            "That is a lot of photos at once: I check up to \(perMinute) a minute and \(perDay) a day. "
                + "Please wait a little and send the photo again."
        },
        tooManyPending: "Your earlier videos are still on their way to this chat. Tap again once they have arrived.",
        optionsTitle: { description in
            "Your videos" + (description.map { " of: \($0)" } ?? "") + "\nChoose the number of videos and the format."
        },
        countLabel: "Videos",
        formatLabel: "Format",
        costLine: { cost, balance, enough in "Cost \(cost) 💎 · balance \(balance) · enough for \(enough)" },
        confirmButton: "▶️ Confirm",
        cancelButton: "✖️ Cancel",
        notEnoughCredits: { cost, balance in
            "Not enough credits: this order costs \(cost) 💎 and your balance is \(balance) 💎, \(cost - balance) 💎 short. "
                + "Nothing was charged. Buy a pack below and your order stays ready to confirm."
        },
        buyButton: "💎 Buy credits",
        packsIntro: "Buy credits with Telegram Stars:",
        packButton: { credits, stars in "\(credits) 💎 for \(stars) ⭐" },
        invoiceTitle: { credits in "\(credits) credits" },
        invoiceDescription: { credits, videos in
            "\(credits) 💎 for NeuroCards: enough for \(videos) " + (videos == 1 ? "video" : "videos") + "."
        },
        packChanged: "This offer has changed. Open 💎 Balance / Buy for the current packs.",
        invoiceInvalid: "This invoice is no longer valid. Open 💎 Balance / Buy and try again.",
        purchaseDone: { credits, balance in "Payment received: +\(credits) 💎. Balance: \(balance) 💎." },
        draftAwaitsConfirmation: "Your order is waiting: tap ▶️ Confirm.",
        referralLine: { link, bonus in
            "Invite a seller: \(link)\nYou get \(bonus) 💎 when they buy their first pack."
        },
        referralPaid: { bonus, balance in
            "A seller you invited bought their first pack: +\(bonus) 💎. Balance: \(balance) 💎."
        },
        purchaseRefunded: { credits, balance in
            "Your purchase of \(credits) 💎 was refunded in Stars. Balance: \(balance) 💎."
        },
        supportQuestionSent: "Your question went to our support team; the answer will come here in this chat.",
        supportAnswer: { text in "💬 Support: \(text)" },
        supportQuestion: { name, id, question in "💬 Payment question from \(name) (id \(id)):\n\(question)\n\nAnswer: /reply \(id) <text>" },
        refundQueued: { charge in "Refund of \(charge) requested; I will report when Telegram has answered." },
        refundDone: { charge, credits in "Refunded \(charge): the Stars went back and \(credits) 💎 were taken back." },
        refundUnknownCharge: { charge in "No payment with charge id \(charge)." },
        refundAlreadyDone: { charge in "\(charge) is already refunded or being refunded." },
        refundSpent: { charge, spent, credits in
            "Cannot refund \(charge): \(spent) of its \(credits) 💎 are already spent."
        },
        refundRefused: { charge, reason in "Telegram refused to refund \(charge): \(reason). Nothing changed." },
        refundUncertain: { charge in
            "Telegram did not confirm the refund of \(charge): the Stars may be back with the seller. The 💎 stay "
                + "taken back; send /refund \(charge) again to ask Telegram once more."
        },
        orderAccepted: { order, count in
            "Order #\(order) accepted: \(count) " + (count == 1 ? "video" : "videos") + ". I will post progress here."
        },
        tooManyActiveOrders: { limit in
            "You already have \(limit) orders in progress. Please wait until one of them is finished."
        },
        orderProgress: { order, delivered, generating, waiting, refunded, total in
            "Order #\(order): \(delivered) of \(total) ready · \(generating) generating · \(waiting) queued"
                + (refunded > 0 ? " · \(refunded) refunded" : "") + ".\nVideos usually take 2–5 minutes."
        },
        orderDone: { order, delivered, total in "Order #\(order) is done: \(delivered) of \(total) delivered." },
        orderDoneWithRefunds: { order, delivered, cancelled, failed, reason in
            "Order #\(order) is done: \(delivered) delivered"
                + (cancelled > 0 ? ", \(cancelled) cancelled" : "")
                + (failed > 0 ? ", \(failed) refunded: \(reason)" : ". Their credits are back on your balance.")
        },
        failureReason: { reason in
            switch reason {
            case .contentPolicy: "the video service refused the photo or scene. Try a photo of the product alone, without people or text."
            case .serviceUnavailable: "the video service failed several times. The credits are back on your balance."
            case .tookTooLong: "the video took too long to make. The credits are back on your balance."
            case .cancelled: "cancelled."
            case .deliveryUncertain:
                "Telegram did not confirm the video arrived. If it did, it is yours to keep; the credits are back on your balance."
            }
        },
        videoRefused: { reason in "A video could not be made: \(reason) Its credits are back on your balance." },
        cancelOrderButton: "✖️ Cancel",
        orderCancelled: { refunded in "Cancelled. Videos that had not started were refunded: \(refunded)." },
        nothingToCancel: "These videos are already being made and can no longer be cancelled.",
        videoCaption: { order, index, total in "Video \(index) of \(total) · order #\(order)" },
        moreButton: "🔁 More with this product",
        menuButton: "🏠 Menu",
        videosDelayed: "Your videos are delayed on the video service's side. They will continue automatically.",
        cancelled: "Cancelled. Back to the menu.",
        buttonExpired: "This button has expired. Please use the latest message.",
        slowDown: "Too many messages at once. Please wait a few seconds.",
        chooseLanguage: "Choose the language:",
        languageChanged: "Done, I will speak English.",
        useTheMenu: "Send a product photo or use the menu below.",
        myVideosEmpty: "You have no videos yet. Tap 🎬 Create video to make the first one.",
        commands: [
            ("start", "Main menu"), ("help", "How it works"), ("balance", "Your balance"),
            ("cancel", "Leave the current step"), ("language", "Change the language"),
            ("videos", "My videos"), ("buy", "Buy credits"), ("paysupport", "Help with a payment"),
            ("terms", "Terms of purchase"),
        ],
        historyTitle: { page, pageCount in
            "📚 Your orders" + (pageCount > 1 ? " · page \(page) of \(pageCount)" : "")
        },
        historyOrder: { order, day, description in
            "#\(order) · \(day.day) \(monthNames[day.month - 1]) \(day.year) · \(description ?? "no description")"
        },
        historyOutcome: { delivered, total, refunded, inProgress in
            ((inProgress ? ["⏳ in progress"] : []) + ["delivered \(delivered) of \(total)"]
                + (refunded > 0 ? ["refunded \(refunded)"] : [])).joined(separator: " · ")
        },
        sendAgainButton: { order in "🔁 Send #\(order) again" },
        moreOfOrderButton: { order in "🎬 More with #\(order)" },
        previousPageButton: "◀️ Previous",
        nextPageButton: "Next ▶️",
        unknownCommand: "I don't know that command. Choose from the menu below or see /help.",
        paySupport: """
            A question about a payment? Send /paysupport followed by your question, for example "/paysupport I paid but got no credits". It goes to our support team, who answer here in this chat within 24 hours. Tell us what happened and when you paid.

            A purchase of credits can be refunded while the credits are unspent.
            """,
        terms: """
            Terms of purchase:
            • Credits 💎 are a digital good: this bot makes videos for them.
            • Prices are in Telegram Stars.
            • A purchase whose credits are still unspent can be refunded through /paysupport.
            • When a video cannot be made, its credits return to your balance by themselves.
            """,
        operators: .english
    )
}

extension OperatorTexts {
    public static let english = OperatorTexts(
        usage: { command in
            switch command {
            case .stats: "Usage: /stats"
            case .grant:
                "Usage: /grant <user id> <credits> <reason>\nCredits: a whole number from -\(CreditGrant.maxCredits) to "
                    + "\(CreditGrant.maxCredits), not 0; a minus takes credits back, never below zero. The reason "
                    + "(up to \(CreditGrant.maxReasonLength) characters) is shown to the seller."
            case .user: "Usage: /user <user id>"
            case .refund: "Usage: /refund <telegram payment charge id>"
            case .reply: "Usage: /reply <user id> <text>"
            }
        },
        unknownUser: { user in "No user with id \(user)." },
        granted: { user, credits, reason, balance in
            "Added \(credits) 💎 to user \(user): \(reason). Their balance: \(balance) 💎."
        },
        takenBack: { user, credits, reason, balance in
            "Took back \(credits) 💎 from user \(user): \(reason). Their balance: \(balance) 💎."
        },
        takeBackExceedsBalance: { user, credits, balance in
            "Cannot take back \(credits) 💎 from user \(user): their balance is \(balance) 💎. Nothing changed."
        },
        grantAlreadyMade: "This grant was already made. Nothing changed.",
        sellerGranted: { credits, reason, balance in "An operator added \(credits) 💎: \(reason). Balance: \(balance) 💎." },
        sellerTakenBack: { credits, reason, balance in
            "An operator took back \(credits) 💎: \(reason). Balance: \(balance) 💎."
        },
        stats: { report in
            typealias Tally = StatsReport.Tally
            let kie = report.kie.isEmpty ? ["KIE: no keys configured"] : report.kie.map { balance in
                switch balance {
                case .credits(let key, let credits): "KIE \(key): \(StatsReport.KIEBalance.text(credits)) credits"
                case .unavailable(let key, let problem): "KIE \(key): unknown (\(problem))"
                }
            }
            return ([
                "📊 Last 24 hours",
                "Users: \(report.users), new \(report.newUsers)",
                "Orders: \(Tally.total(report.orders)) (\(Tally.list(report.orders, none: "none")))",
                "Videos: \(Tally.total(report.videos)) (\(Tally.list(report.videos, none: "none")))",
                "Failures: \(Tally.list(report.failures, none: "none"))",
                "Uncertain deliveries (refunded, may have arrived): \(report.uncertainDeliveries)",
                "Refunds: \(report.refunds), \(report.refundedCredits) 💎",
                "Stars: \(report.stars) ⭐, all time \(report.starsTotal) ⭐",
            ] + kie).joined(separator: "\n")
        },
        user: { report in
            let name = report.firstName + (report.username.map { " (@\($0))" } ?? "")
            let orders = report.orders.map { order in
                "#\(order.id) \(order.placedAt) · \(order.videoCount) " + (order.videoCount == 1 ? "video" : "videos")
                    + " · \(order.status): \(order.delivered) delivered, \(order.refunded) refunded, "
                    + "\(order.inProgress) in progress"
            }
            let purchases = report.purchases.map { purchase in
                "\(purchase.chargeID) · \(purchase.paidAt) · \(purchase.credits) 💎 for \(purchase.stars) ⭐ · "
                    + (purchase.refundState ?? "not refunded")
            }
            return ([
                "👤 User \(report.id) · \(name)",
                "Language \(report.language.rawValue) · balance \(report.balance) 💎 · "
                    + (report.isBlocked ? "blocked the bot" : "not blocked"),
                "Signed up \(report.signedUpAt) UTC · start payload: \(report.startPayload ?? "none")",
                "Orders (latest \(UserReport.shownOrders)):",
            ] + (orders.isEmpty ? ["none"] : orders) + ["Purchases (latest \(UserReport.shownPurchases)):"]
                + (purchases.isEmpty ? ["none"] : purchases)).joined(separator: "\n")
        },
        replySent: { user in "Sent to user \(user)." }
    )
}

private let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
