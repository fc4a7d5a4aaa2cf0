extension Texts {
    public static let russian = Texts(
        welcome: { name, balance, bonus in
            """
            Привет, \(name)! Я превращаю фото вашего товара в короткие видео для карточек маркетплейсов, Reels и Shorts.

            Дарю \(bonus) 💎 для старта. Баланс: \(balance) 💎.
            """
        },
        welcomeBack: { name, balance in "С возвращением, \(name)! Баланс: \(balance) 💎." },
        menu: "Что делаем?",
        menuCreate: "🎬 Создать видео",
        menuMyVideos: "📚 Мои видео",
        menuBalance: "💎 Баланс / Купить",
        menuHelp: "❓ Помощь",
        help: """
            Как это работает:
            1. Нажмите 🎬 Создать видео и пришлите фото товара (фото или файл-картинку: JPEG, PNG или WebP).
            2. Опишите товар в нескольких словах или пропустите шаг.
            3. Выберите 1, 3 или 5 видео и формат, подтвердите. Каждое видео — отдельная сцена.
            4. Через несколько минут видео придут сюда.

            Команды: /start меню, /videos мои видео, /buy купить кредиты, /balance баланс, /cancel выйти из текущего шага, /language язык, /paysupport помощь с оплатой, /terms условия.
            """,
        balance: { balance, price in "Баланс: \(balance) 💎. Одно видео стоит \(price) 💎." },
        askPhoto: "Пришлите фото товара. Хороший свет и товар целиком в кадре дают лучшие видео.",
        unsupportedMessage: "Мне нужно фото товара. Пришлите его как фото или как файл-картинку (JPEG, PNG или WebP).",
        unsupportedFile: "Этот файл не подходит. Пришлите картинку JPEG, PNG или WebP или обычное фото.",
        fileTooLarge: "Файл больше 20 МБ. Пришлите картинку поменьше или обычное фото.",
        askDescription: "Фото получил. Опишите товар в нескольких словах (например: «белая керамическая кружка, 350 мл») или пропустите.",
        skipButton: "Пропустить ⏭",
        descriptionTooLong: { limit in "Слишком длинно. Уложитесь, пожалуйста, в \(limit) символов." },
        analyzingPhoto: "Смотрю фото…",
        proposeDescription: { description in
            "Вижу: \(description)\nОставить это описание, написать своё или пропустить?"
        },
        useProposalButton: "✅ Оставить",
        descriptionNoted: "Записал. Ещё смотрю фото…",
        photoHasFace: "На фото есть лицо человека, а видеомодели такие фото не принимают. Пришлите фото только товара. Ничего не списано.",
        photoHasNoProduct: "Не нашёл на фото товар. Пришлите, пожалуйста, чёткое фото товара. Ничего не списано.",
        tooManyPhotos: { perMinute, perDay in
            "Слишком много фото сразу: я проверяю до \(perMinute) в минуту и до \(perDay) в день. "
                + "Подождите немного и пришлите фото ещё раз."
        },
        tooManyPending: "Предыдущие видео ещё идут в этот чат. Нажмите ещё раз, когда они придут.",
        optionsTitle: { description in
            "Ваши видео" + (description.map { ": \($0)" } ?? "") + "\nВыберите количество видео и формат."
        },
        countLabel: "Видео",
        formatLabel: "Формат",
        costLine: { cost, balance, enough in "Стоимость \(cost) 💎 · баланс \(balance) · хватит на \(enough)" },
        confirmButton: "▶️ Подтвердить",
        cancelButton: "✖️ Отмена",
        notEnoughCredits: { cost, balance in
            "Не хватает кредитов: заказ стоит \(cost) 💎, на балансе \(balance) 💎, не хватает \(cost - balance) 💎. "
                + "Ничего не списано. Купите пакет ниже — заказ останется готовым к подтверждению."
        },
        buyButton: "💎 Купить кредиты",
        packsIntro: "Купить кредиты за Telegram Stars:",
        packButton: { credits, stars in "\(credits) 💎 за \(stars) ⭐" },
        invoiceTitle: { credits in "\(credits) кредитов" },
        invoiceDescription: { credits, videos in "\(credits) 💎 для NeuroCards: хватит на видео — \(videos)." },
        packChanged: "Это предложение изменилось. Откройте 💎 Баланс / Купить, чтобы увидеть актуальные пакеты.",
        invoiceInvalid: "Этот счёт больше не действует. Откройте 💎 Баланс / Купить и попробуйте ещё раз.",
        purchaseDone: { credits, balance in "Оплата получена: +\(credits) 💎. Баланс: \(balance) 💎." },
        draftAwaitsConfirmation: "Ваш заказ ждёт: нажмите ▶️ Подтвердить.",
        referralLine: { link, bonus in
            "Пригласите продавца: \(link)\nВы получите \(bonus) 💎, когда он купит свой первый пакет."
        },
        referralPaid: { bonus, balance in
            "Приглашённый вами продавец купил первый пакет: +\(bonus) 💎. Баланс: \(balance) 💎."
        },
        purchaseRefunded: { credits, balance in
            "Покупка \(credits) 💎 возвращена в Stars. Баланс: \(balance) 💎."
        },
        supportQuestionSent: "Ваш вопрос передан в поддержку; ответ придёт сюда, в этот чат.",
        supportAnswer: { text in "💬 Поддержка: \(text)" },
        supportQuestion: { name, id, question in "💬 Вопрос об оплате от \(name) (id \(id)):\n\(question)\n\nОтветить: /reply \(id) <текст>" },
        refundQueued: { charge in "Возврат \(charge) запрошен; сообщу, когда Telegram ответит." },
        refundDone: { charge, credits in "Возврат \(charge) выполнен: Stars возвращены, списано \(credits) 💎." },
        refundUnknownCharge: { charge in "Платежа с charge id \(charge) нет." },
        refundAlreadyDone: { charge in "\(charge) уже возвращён или возвращается." },
        refundSpent: { charge, spent, credits in
            "Нельзя вернуть \(charge): из \(credits) 💎 уже потрачено \(spent)."
        },
        refundRefused: { charge, reason in "Telegram отказал в возврате \(charge): \(reason). Ничего не изменилось." },
        refundUncertain: { charge in
            "Telegram не подтвердил возврат \(charge): Stars могли вернуться. 💎 остаются списанными; "
                + "отправьте /refund \(charge) ещё раз, чтобы спросить Telegram снова."
        },
        orderAccepted: { order, count in
            "Заказ №\(order) принят: видео — \(count). Прогресс буду показывать здесь."
        },
        tooManyActiveOrders: { limit in
            "У вас уже \(limit) заказа в работе. Дождитесь, пожалуйста, пока один из них завершится."
        },
        orderProgress: { order, delivered, generating, waiting, refunded, total in
            "Заказ №\(order): готово \(delivered) из \(total) · в работе \(generating) · в очереди \(waiting)"
                + (refunded > 0 ? " · возвращено \(refunded)" : "") + ".\nОбычно видео готово за 2–5 минут."
        },
        orderDone: { order, delivered, total in "Заказ №\(order) выполнен: доставлено \(delivered) из \(total)." },
        orderDoneWithRefunds: { order, delivered, cancelled, failed, reason in
            "Заказ №\(order) выполнен: доставлено \(delivered)"
                + (cancelled > 0 ? ", отменено \(cancelled)" : "")
                + (failed > 0 ? ", возвращено \(failed): \(reason)" : ". Кредиты за них вернулись на баланс.")
        },
        failureReason: { reason in
            switch reason {
            case .contentPolicy: "видеосервис отклонил фото или сцену. Попробуйте фото только товара, без людей и надписей."
            case .serviceUnavailable: "видеосервис несколько раз не справился. Кредиты вернулись на баланс."
            case .tookTooLong: "видео делалось слишком долго. Кредиты вернулись на баланс."
            case .cancelled: "отменено."
            case .deliveryUncertain:
                "Telegram не подтвердил, что видео дошло. Если оно пришло, оставьте его себе; кредиты вернулись на баланс."
            }
        },
        videoRefused: { reason in "Одно видео не получилось: \(reason) Кредиты за него вернулись на баланс." },
        cancelOrderButton: "✖️ Отменить",
        orderCancelled: { refunded in "Отменено. Возвращены кредиты за видео, которые ещё не начались: \(refunded)." },
        nothingToCancel: "Эти видео уже делаются, отменить их нельзя.",
        videoCaption: { order, index, total in "Видео \(index) из \(total) · заказ №\(order)" },
        moreButton: "🔁 Ещё с этим товаром",
        menuButton: "🏠 Меню",
        videosDelayed: "Видео задерживаются на стороне видеосервиса. Они продолжат делаться автоматически.",
        cancelled: "Отменено. Возвращаемся в меню.",
        buttonExpired: "Эта кнопка устарела. Воспользуйтесь последним сообщением.",
        slowDown: "Слишком много сообщений подряд. Подождите несколько секунд.",
        chooseLanguage: "Выберите язык:",
        languageChanged: "Готово, говорю по-русски.",
        useTheMenu: "Пришлите фото товара или воспользуйтесь меню ниже.",
        myVideosEmpty: "Видео пока нет. Нажмите 🎬 Создать видео, чтобы сделать первое.",
        commands: [
            ("start", "Главное меню"), ("help", "Как это работает"), ("balance", "Баланс"),
            ("cancel", "Выйти из текущего шага"), ("language", "Сменить язык"),
            ("videos", "Мои видео"), ("buy", "Купить кредиты"), ("paysupport", "Помощь с оплатой"),
            ("terms", "Условия покупки"),
        ],
        historyTitle: { page, pageCount in
            "📚 Ваши заказы" + (pageCount > 1 ? " · страница \(page) из \(pageCount)" : "")
        },
        historyOrder: { order, day, description in
            "№\(order) · \(twoDigits(day.day)).\(twoDigits(day.month)).\(day.year) · \(description ?? "без описания")"
        },
        historyOutcome: { delivered, total, refunded, inProgress in
            ((inProgress ? ["⏳ в работе"] : []) + ["доставлено \(delivered) из \(total)"]
                + (refunded > 0 ? ["возвращено \(refunded)"] : [])).joined(separator: " · ")
        },
        sendAgainButton: { order in "🔁 Прислать №\(order) снова" },
        moreOfOrderButton: { order in "🎬 Ещё с товаром №\(order)" },
        previousPageButton: "◀️ Назад",
        nextPageButton: "Вперёд ▶️",
        unknownCommand: "Не знаю такой команды. Выберите действие в меню ниже или загляните в /help.",
        paySupport: """
            Вопрос по оплате? Отправьте /paysupport и сразу за ним ваш вопрос, например «/paysupport оплатил, а кредиты не пришли». Он попадёт в поддержку, и ответ придёт сюда, в этот чат, в течение 24 часов. Расскажите, что случилось и когда вы платили.

            Покупку кредитов можно вернуть, если они ещё не потрачены.
            """,
        terms: """
            Условия покупки:
            • Кредиты 💎 — цифровой товар: на них этот бот делает видео.
            • Цены указаны в Telegram Stars.
            • Покупку, кредиты из которой ещё не потрачены, можно вернуть через /paysupport.
            • Если видео не получилось, кредиты за него сами возвращаются на баланс.
            """,
        operators: .russian
    )
}

extension OperatorTexts {
    public static let russian = OperatorTexts(
        usage: { command in
            switch command {
            case .stats: "Формат: /stats"
            case .grant:
                "Формат: /grant <id пользователя> <кредиты> <причина>\nКредиты: целое число от -\(CreditGrant.maxCredits) "
                    + "до \(CreditGrant.maxCredits), не 0; минус забирает кредиты, но не ниже нуля. Причину "
                    + "(до \(CreditGrant.maxReasonLength) символов) увидит продавец."
            case .user: "Формат: /user <id пользователя>"
            case .refund: "Формат: /refund <telegram payment charge id>"
            case .reply: "Формат: /reply <id пользователя> <текст>"
            }
        },
        unknownUser: { user in "Пользователя с id \(user) нет." },
        granted: { user, credits, reason, balance in
            "Пользователю \(user) начислено \(credits) 💎: \(reason). Его баланс: \(balance) 💎."
        },
        takenBack: { user, credits, reason, balance in
            "У пользователя \(user) списано \(credits) 💎: \(reason). Его баланс: \(balance) 💎."
        },
        takeBackExceedsBalance: { user, credits, balance in
            "Нельзя списать \(credits) 💎 у пользователя \(user): на его балансе \(balance) 💎. Ничего не изменилось."
        },
        grantAlreadyMade: "Это начисление уже сделано. Ничего не изменилось.",
        sellerGranted: { credits, reason, balance in "Оператор начислил вам \(credits) 💎: \(reason). Баланс: \(balance) 💎." },
        sellerTakenBack: { credits, reason, balance in
            "Оператор списал \(credits) 💎: \(reason). Баланс: \(balance) 💎."
        },
        stats: { report in
            typealias Tally = StatsReport.Tally
            let kie = report.kie.isEmpty ? ["KIE: ключи не заданы"] : report.kie.map { balance in
                switch balance {
                case .credits(let key, let credits): "KIE \(key): \(StatsReport.KIEBalance.text(credits)) кредитов"
                case .unavailable(let key, let problem): "KIE \(key): неизвестно (\(problem))"
                }
            }
            return ([
                "📊 За 24 часа",
                "Пользователи: \(report.users), новых \(report.newUsers)",
                "Заказы: \(Tally.total(report.orders)) (\(Tally.list(report.orders, none: "нет")))",
                "Видео: \(Tally.total(report.videos)) (\(Tally.list(report.videos, none: "нет")))",
                "Сбои: \(Tally.list(report.failures, none: "нет"))",
                "Неясные доставки (возвращены, видео могло дойти): \(report.uncertainDeliveries)",
                "Возвраты: \(report.refunds), \(report.refundedCredits) 💎",
                "Stars: \(report.stars) ⭐, всего \(report.starsTotal) ⭐",
            ] + kie).joined(separator: "\n")
        },
        user: { report in
            let name = report.firstName + (report.username.map { " (@\($0))" } ?? "")
            let orders = report.orders.map { order in
                "№\(order.id) \(order.placedAt) · видео: \(order.videoCount) · \(order.status): доставлено "
                    + "\(order.delivered), возвращено \(order.refunded), в работе \(order.inProgress)"
            }
            let purchases = report.purchases.map { purchase in
                "\(purchase.chargeID) · \(purchase.paidAt) · \(purchase.credits) 💎 за \(purchase.stars) ⭐ · "
                    + (purchase.refundState ?? "без возврата")
            }
            return ([
                "👤 Пользователь \(report.id) · \(name)",
                "Язык \(report.language.rawValue) · баланс \(report.balance) 💎 · "
                    + (report.isBlocked ? "заблокировал бота" : "не заблокирован"),
                "Регистрация \(report.signedUpAt) UTC · start payload: \(report.startPayload ?? "нет")",
                "Заказы (последние \(UserReport.shownOrders)):",
            ] + (orders.isEmpty ? ["нет"] : orders) + ["Покупки (последние \(UserReport.shownPurchases)):"]
                + (purchases.isEmpty ? ["нет"] : purchases)).joined(separator: "\n")
        },
        replySent: { user in "Отправлено пользователю \(user)." }
    )
}

private func twoDigits(_ number: Int) -> String {
    number < 10 ? "0\(number)" : "\(number)"
}
