import HTTPServer
import JSON

/// `/bot<token>/<method>`: authenticate, find the method, read and validate the parameters, then perform it.
extension TelegramStandIn {
    func respond(to request: HTTPRequest) -> HTTPResponse {
        do {
            return try call(request)
        } catch {
            return error.response
        }
    }

    private func call(_ request: HTTPRequest) throws(BotAPIError) -> HTTPResponse {
        let tokenSegment = request.pathParameters["bot"] ?? ""
        guard tokenSegment.hasPrefix("bot") else { throw BotAPIError.fileNotFound }
        guard tokenSegment == "bot" + configuration.botToken else { throw BotAPIError.unauthorized }
        let name = request.pathParameters["method"] ?? ""
        let parameters: CallParameters
        do {
            parameters = try CallParameters.parse(request)
        } catch {
            recordViolation(method: name, error.description)
            throw error
        }
        return try call(name, parameters)
    }

    /// A call the bot made in its answer to a webhook request: Telegram performs it with no one to tell how it
    /// went, and ignores webhook methods and getters. A call breaking the Bot API's rules is a violation all the
    /// same.
    func performWebhookReply(_ body: [UInt8]) {
        guard case .object(var fields)? = JSONValue.parse(body) else {
            return recordViolation(method: "webhook reply", "a webhook reply must be a JSON object")
        }
        guard case .string(let name)? = fields.removeValue(forKey: "method") else {
            return recordViolation(method: "webhook reply", "a webhook reply names its method under \"method\"")
        }
        let lowered = name.lowercased()
        guard !lowered.hasPrefix("get"), !["setwebhook", "deletewebhook", "close", "logout"].contains(lowered) else { return }
        _ = try? call(name, CallParameters(values: fields.filter { $0.value != .null }.mapValues { .json($0) }))
    }

    private func call(_ name: String, _ parameters: CallParameters) throws(BotAPIError) -> HTTPResponse {
        let implemented = BotMethod(name: name)
        let specMethod = validator?.spec.method(named: name)
        let known = validator == nil ? implemented != nil : specMethod != nil
        guard known else {
            recordViolation(method: name, BotAPIError.methodNotFound.description)
            throw BotAPIError.methodNotFound
        }
        if let validator, let specMethod, let reason = validator.violation(in: specMethod, parameters: parameters) {
            let error = BotAPIError.badRequest(reason)
            recordViolation(method: specMethod.name, error.description)
            throw error
        }
        guard let implemented else {
            let error = BotAPIError.badRequest("method \(name) is not implemented by the Telegram stand-in")
            recordViolation(method: name, error.description)
            throw error
        }
        return try perform(implemented, parameters)
    }

    private func perform(_ method: BotMethod, _ parameters: CallParameters) throws(BotAPIError) -> HTTPResponse {
        switch method {
        case .sendMessage: try sendMessage(parameters)
        case .editMessageText: try editMessageText(parameters)
        case .editMessageReplyMarkup: try editMessageReplyMarkup(parameters)
        case .sendVideo: try sendVideo(parameters)
        case .sendChatAction: try sendChatAction(parameters)
        case .sendInvoice: try sendInvoice(parameters)
        case .answerCallbackQuery: try answerCallbackQuery(parameters)
        case .answerPreCheckoutQuery: try answerPreCheckoutQuery(parameters)
        case .refundStarPayment: try refundStarPayment(parameters)
        case .getFile: try getFile(parameters)
        case .setWebhook: try setWebhook(parameters)
        case .deleteWebhook: deleteWebhook(parameters)
        case .getWebhookInfo: getWebhookInfo()
        case .setMyCommands: try setMyCommands(parameters)
        case .getMe: BotAPIReply.ok(JSONValue.encoding(botUser).merging([
            "can_join_groups": .bool(true), "can_read_all_group_messages": .bool(false),
            "supports_inline_queries": .bool(false),
        ]))
        }
    }

    func recordViolation(method: String, _ description: String) {
        logger.warning("telegram call violates the Bot API", metadata: ["method": "\(method)", "error": "\(description)"])
        state.withLock { $0.violations.append(TelegramViolation(method: method, description: description)) }
    }
}
