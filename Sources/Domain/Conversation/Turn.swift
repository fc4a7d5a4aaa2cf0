/// One input being handled: the state it changes and the effects it collects.
struct Turn {
    var conversation: Conversation
    let user: UserContext
    let settings: DialogueSettings
    let pressedMessageID: Int64?
    var effects: [BotEffect] = []

    var texts: Texts { user.language.texts }

    init(conversation: Conversation, user: UserContext, settings: DialogueSettings, pressedMessageID: Int64?) {
        self.conversation = conversation
        self.user = user
        self.settings = settings
        self.pressedMessageID = pressedMessageID
    }

    mutating func apply(_ input: BotInput) {
        switch input {
        case .command(.paysupport, let question?) where !question.allSatisfy(\.isWhitespace): askSupport(question)
        case .command(let command, _): run(command)
        case .text(let text): receiveText(text)
        case .photo(let photo): receivePhoto(photo)
        case .imageFile(let photo, let problem): receiveImageFile(photo, problem: problem)
        case .unsupported: receiveUnsupported()
        case .button(let action): press(action)
        case .photoAnalysis(let verdict, let version): receiveAnalysis(verdict, version: version)
        case .restoreProduct(let photo, let description): restore(photo, description: description)
        case .purchased(let credits): receivePurchase(credits)
        case .orderVideos(let videos): sendAgain(videos)
        case .unknownCommand:
            // The draft stays as it was: a mistyped command must not cost the seller their description or card.
            effects.append(.send(OutgoingMessage(texts.unknownCommand, buttons: Keyboards.mainMenu(texts))))
        }
    }

    // MARK: Commands and the menu

    private mutating func run(_ command: BotInput.Command) {
        switch command {
        case .start: start()
        case .menu: showMenu()
        case .help: effects.append(.send(OutgoingMessage(texts.help, buttons: Keyboards.mainMenu(texts))))
        case .balance: showBalance()
        case .cancel: cancel()
        case .language: effects.append(.send(OutgoingMessage(texts.chooseLanguage, buttons: Keyboards.languages)))
        case .buy: openMenuItem(.balance)
        case .videos: openMenuItem(.videos)
        case .paysupport: effects.append(.send(OutgoingMessage(texts.paySupport)))
        case .terms: effects.append(.send(OutgoingMessage(texts.terms)))
        }
    }

    private mutating func start() {
        leaveDraft()
        let greeting = user.isNew
            ? texts.welcome(user.name, user.balance, settings.signupBonus)
            : texts.welcomeBack(user.name, user.balance)
        effects.append(.send(OutgoingMessage(greeting + "\n\n" + texts.menu, buttons: Keyboards.mainMenu(texts))))
    }

    private mutating func showMenu() {
        leaveDraft()
        effects.append(.send(OutgoingMessage(texts.menu, buttons: Keyboards.mainMenu(texts))))
    }

    private mutating func cancel() {
        leaveDraft()
        effects.append(.send(OutgoingMessage(texts.cancelled, buttons: Keyboards.mainMenu(texts))))
    }

    private mutating func openMenuItem(_ item: CallbackAction.MenuItem) {
        switch item {
        case .home: showMenu()
        case .create:
            startDraft(step: .awaitingPhoto)
            effects.append(.send(OutgoingMessage(texts.askPhoto)))
        case .videos: effects.append(.showOrderHistory(page: 0, replacing: nil))
        case .balance: run(.balance)
        case .help: run(.help)
        }
    }

    // MARK: Photo and description

    /// The photo is checked by the LLM before anything else, so an unusable one costs nothing. A seller sending
    /// photos faster than the caps allow is asked to wait, and the draft they have stays as it is.
    private mutating func receivePhoto(_ photo: ProductPhoto) {
        guard user.analysesLastMinute < settings.analysesPerMinute, user.analysesToday < settings.analysesPerDay else {
            return effects.append(.send(OutgoingMessage(texts.tooManyPhotos(settings.analysesPerMinute,
                                                                             settings.analysesPerDay))))
        }
        startDraft(step: .analyzingPhoto)
        conversation.photo = photo
        effects.append(.send(OutgoingMessage(texts.analyzingPhoto)))
        effects.append(.analyzePhoto(photo, version: conversation.version))
    }

    private mutating func receiveAnalysis(_ verdict: PhotoVerdict, version: Int) {
        guard conversation.step == .analyzingPhoto, version == conversation.version else { return }
        switch verdict {
        case .usable(let description):
            conversation.proposal = description
            guard conversation.description == nil else { return showOptions(asNewMessage: true) }
            conversation.step = .awaitingDescription
            let buttons: [[OutgoingMessage.Button]] = [
                [.init(texts.useProposalButton, .useProposal(version: version))],
                [.init(texts.skipButton, .skipDescription(version: version))],
            ]
            effects.append(.send(OutgoingMessage(texts.proposeDescription(description), buttons: buttons)))
        case .noProduct, .humanFace:
            startDraft(step: .awaitingPhoto)
            effects.append(.send(OutgoingMessage(verdict == .humanFace ? texts.photoHasFace : texts.photoHasNoProduct)))
        case .unavailable:
            guard conversation.description == nil else { return showOptions(asNewMessage: true) }
            conversation.step = .awaitingDescription
            askForDescription()
        }
    }

    private mutating func askForDescription() {
        let skip = OutgoingMessage.Button(texts.skipButton, .skipDescription(version: conversation.version))
        effects.append(.send(OutgoingMessage(texts.askDescription, buttons: [[skip]])))
    }

    private mutating func restore(_ photo: ProductPhoto, description: String?) {
        startDraft(step: .choosingOptions)
        conversation.photo = photo
        conversation.description = description
        showOptions(asNewMessage: true)
    }

    private mutating func receiveImageFile(_ photo: ProductPhoto?, problem: BotInput.FileProblem?) {
        switch (photo, problem) {
        case (let photo?, nil): receivePhoto(photo)
        case (_, .tooLarge): effects.append(.send(OutgoingMessage(texts.fileTooLarge)))
        default: effects.append(.send(OutgoingMessage(texts.unsupportedFile)))
        }
    }

    private mutating func receiveText(_ raw: String) {
        let text = String(raw.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        switch conversation.step {
        case .analyzingPhoto:
            guard text.count <= settings.maxDescriptionLength else {
                effects.append(.send(OutgoingMessage(texts.descriptionTooLong(settings.maxDescriptionLength))))
                return
            }
            conversation.description = text.isEmpty ? nil : text
            effects.append(.send(OutgoingMessage(texts.descriptionNoted)))
        case .awaitingDescription, .choosingOptions:
            guard text.count <= settings.maxDescriptionLength else {
                effects.append(.send(OutgoingMessage(texts.descriptionTooLong(settings.maxDescriptionLength))))
                return
            }
            conversation.description = text.isEmpty ? nil : text
            showOptions(asNewMessage: true)
        case .awaitingPhoto:
            effects.append(.send(OutgoingMessage(texts.unsupportedMessage)))
        case .idle:
            effects.append(.send(OutgoingMessage(texts.useTheMenu, buttons: Keyboards.mainMenu(texts))))
        }
    }

    private mutating func receiveUnsupported() {
        switch conversation.step {
        case .idle: effects.append(.send(OutgoingMessage(texts.useTheMenu, buttons: Keyboards.mainMenu(texts))))
        default: effects.append(.send(OutgoingMessage(texts.unsupportedMessage)))
        }
    }

    // MARK: Buttons

    private mutating func press(_ action: CallbackAction) {
        switch action {
        case .menu(let item): openMenuItem(item)
        case .setLanguage(let language): changeLanguage(to: language)
        case .historyPage(let page): effects.append(.showOrderHistory(page: page, replacing: pressedMessageID))
        case .skipDescription(let version):
            guard isCurrent(version, step: .awaitingDescription) else { return expired() }
            conversation.description = nil
            showOptions(asNewMessage: pressedMessageID == nil)
        case .useProposal(let version):
            guard isCurrent(version, step: .awaitingDescription), let proposal = conversation.proposal else {
                return expired()
            }
            conversation.description = proposal
            showOptions(asNewMessage: pressedMessageID == nil)
        case .cancelOrder, .moreWithProduct, .sendAgain:
            // Order buttons are resolved against the database before the dialogue; one reaching here is stale.
            expired()
        case .chooseCount(let count, let version):
            guard isCurrent(version, step: .choosingOptions) else { return expired() }
            conversation.videoCount = count
            showOptions(asNewMessage: false)
        case .chooseFormat(let format, let version):
            guard isCurrent(version, step: .choosingOptions), settings.formats.contains(format) else { return expired() }
            conversation.format = format
            showOptions(asNewMessage: false)
        case .confirm(let version):
            guard isCurrent(version, step: .choosingOptions) else { return expired() }
            confirm()
        case .buyPack(let pack):
            buy(pack)
        case .cancelDraft(let version):
            guard isCurrent(version, step: .choosingOptions) else { return expired() }
            leaveDraft()
            replacePressedMessage(with: OutgoingMessage(texts.cancelled, buttons: Keyboards.mainMenu(texts)))
        }
    }

    private mutating func changeLanguage(to language: Language) {
        effects.append(.changeLanguage(language))
        let texts = language.texts
        effects.append(.send(OutgoingMessage(texts.languageChanged + "\n\n" + texts.menu,
                                             buttons: Keyboards.mainMenu(texts))))
    }

    /// Free: the videos go again by the file_id Telegram gave them, each with its first delivery's caption.
    private mutating func sendAgain(_ videos: [DeliveredVideo]) {
        guard !videos.isEmpty else { return expired() }
        guard user.pendingMessages + videos.count <= settings.maxPendingMessages else {
            return effects.append(.answer(text: texts.tooManyPending, alert: true))
        }
        for video in videos {
            effects.append(.resendVideo(fileID: video.fileID, .videoCaption(orderID: video.orderID,
                                                                            position: video.position,
                                                                            of: video.count, texts: texts)))
        }
    }

    private mutating func confirm() {
        guard let photo = conversation.photo else { return expired() }
        let draft = OrderDraft(photo: photo, description: conversation.description, count: conversation.videoCount,
                               format: conversation.format, unitPrice: settings.videoPrice)
        if user.activeOrders >= settings.maxActiveOrders {
            effects.append(.answer(text: texts.tooManyActiveOrders(settings.maxActiveOrders), alert: true))
            return
        }
        guard user.balance >= draft.cost else {
            effects.append(.answer(text: texts.notEnoughCredits(draft.cost, user.balance), alert: true))
            // The draft stays: once a pack is paid for, the same order is confirmed.
            effects.append(.send(OutgoingMessage(texts.notEnoughCredits(draft.cost, user.balance), buttons: packButtons)))
            return
        }
        conversation.step = .idle
        conversation.version += 1
        effects.append(.placeOrder(draft))
    }

    // MARK: Helpers

    private func isCurrent(_ version: Int, step: Conversation.Step) -> Bool {
        version == conversation.version && conversation.step == step
    }

    private mutating func expired() {
        effects.append(.answer(text: texts.buttonExpired, alert: false))
    }

    /// A new draft: earlier cards and buttons stop working.
    private mutating func startDraft(step: Conversation.Step) {
        conversation = Conversation(step: step, version: conversation.version + 1)
    }

    private mutating func leaveDraft() {
        guard conversation.step != .idle || conversation.photo != nil else { return }
        conversation = Conversation(step: .idle, version: conversation.version + 1)
    }

    mutating func showOptions(asNewMessage: Bool) {
        if conversation.step != .choosingOptions || asNewMessage {
            conversation.version += 1
        }
        conversation.step = .choosingOptions
        let card = OptionsCard(conversation: conversation, balance: user.balance, price: settings.videoPrice,
                               formats: settings.formats, texts: texts).message
        if asNewMessage {
            effects.append(.send(card))
        } else {
            replacePressedMessage(with: card)
        }
    }

    private mutating func replacePressedMessage(with message: OutgoingMessage) {
        if let messageID = pressedMessageID {
            effects.append(.edit(messageID: messageID, message))
        } else {
            effects.append(.send(message))
        }
    }
}
