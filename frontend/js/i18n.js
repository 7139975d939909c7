/*
 * Interface language (English and Russian) and locale-aware date formatting.
 *
 * The language comes from a choice saved in localStorage, else from the browser's preferred
 * languages. Text in the page is marked with data-i18n* attributes (data-i18n-params holds the
 * parameters of a message, as JSON) and re-applied on every switch; views re-render the rest of
 * their dynamic text on the "tt:languagechange" document event.
 */
(function (window, $) {
  "use strict";

  var STORAGE_KEY = "tasktracker.language";
  var SUPPORTED = ["en", "ru"];

  var messages = {
    en: {
      "app.title": "Task Tracker",
      "app.loading": "Loading…",
      "app.skipToContent": "Skip to content",
      "app.sessionEnded": "Your session has ended. Please log in again.",
      "app.backendUnavailable": "The server cannot be reached. Check your connection and reload the page.",
      "language.label": "Language",
      "header.signup": "Sign up",
      "header.login": "Log in",
      "header.logout": "Log out",
      "header.settings": "Settings",
      "editor.checklist": "Checklist",
      "editor.checklistNew": "Add an item",
      "editor.checklistAdd": "Add",
      "checklist.untitled": "empty item",
      "checklist.done": "Done: {text}",
      "checklist.text": "Checklist item {position}",
      "checklist.up": "Move up: {text}",
      "checklist.down": "Move down: {text}",
      "checklist.delete": "Delete item: {text}",
      "checklist.moved": "{text} moved to position {position} of {count}",
      "checklist.added": "Added: {text}",
      "checklist.deleted": "Deleted: {text}",
      "checklist.progress": "{done} of {count} checklist items done",
      "editor.fieldDue": "Due",
      "editor.fieldDueDate": "Date",
      "editor.fieldDueTime": "Time (optional)",
      "editor.dueClear": "No due date",
      "repeat.legend": "Repeat",
      "repeat.label": "Repeats",
      "repeat.optionNone": "Never",
      "repeat.optionDaily": "Daily",
      "repeat.optionWeekdays": "Weekdays",
      "repeat.optionWeekly": "Weekly",
      "repeat.optionMonthly": "Monthly",
      "repeat.optionYearly": "Yearly",
      "repeat.interval": "Every N",
      "repeat.monthlyOn": "On",
      "repeat.monthlyDay": "day {day}",
      "repeat.monthlyLastWeekday": "the last {weekday}",
      "repeat.monthlyLastDay": "the last day",
      "repeat.days": "Days of the week",
      "repeat.afterCompletion": "Count from the day it is completed",
      "repeat.skip": "Skip this one",
      "repeat.stop": "Stop repeating",
      "repeat.skipFailed": "The task could not be moved to its next date. Try again.",
      "repeat.eachDaily": "Every day",
      "repeat.eachWeekly": "Every week",
      "repeat.eachMonthly": "Every month",
      "repeat.eachYearly": "Every year",
      "repeat.everyDaily": "Every {count} days",
      "repeat.everyWeekly": "Every {count} weeks",
      "repeat.everyMonthly": "Every {count} months",
      "repeat.everyYearly": "Every {count} years",
      "repeat.summaryWeekdays": "Every weekday",
      "repeat.summaryCustom": "Repeats: {rule}",
      "repeat.onDays": " on {days}",
      "repeat.onDay": " on day {day}",
      "repeat.onLastDay": " on the last day",
      "repeat.onLastWeekday": " on the last {weekday}",
      "repeat.afterSuffix": ", counted from completion",
      "repeat.marker": "Repeats: {summary}",
      "repeat.next": "{title} — next: {date}",
      "editor.fieldRemind": "Remind me",
      "editor.remindWhen": "When",
      "editor.remindNone": "No reminder",
      "editor.remindAtDue": "At the due time",
      "editor.remindBefore30": "30 minutes before",
      "editor.remindMorning": "The morning of the due day (09:00)",
      "editor.remindCustom": "At a time I choose",
      "editor.remindCustomField": "Date and time",
      "editor.remindHint": "An email is sent once, at that time in your timezone.",
      "tasks.reminder": "Reminder: {when}",
      "views.label": "Views",
      "views.all": "All tasks",
      "views.today": "Today",
      "views.upcoming": "Upcoming",
      "views.todayHeading": "Today and overdue",
      "views.upcomingHeading": "The next 7 days",
      "views.todayEmpty": "Nothing due today. Enjoy the day, or give a task a due date.",
      "views.upcomingEmpty": "Nothing due in the next 7 days.",
      "views.todayCount": {
        one: "{count} task due today or overdue",
        other: "{count} tasks due today or overdue"
      },
      "search.label": "Search tasks",
      "search.hint": "Results appear as you type; Escape clears the search.",
      "search.heading": {
        one: "{count} task matches “{query}”",
        other: "{count} tasks match “{query}”"
      },
      "search.empty": "No tasks match “{query}”.",
      "search.failed": "The search failed. Check your connection and type again.",
      "search.done": "Done",
      "due.today": "Today",
      "due.tomorrow": "Tomorrow",
      "due.yesterday": "Yesterday",
      "due.overdue": "Overdue · {when}",
      "settings.title": "Settings",
      "settings.back": "← Back to tasks",
      "settings.loadError": "The settings could not be loaded. Reload the page to try again.",
      "settings.profile": "Account",
      "settings.email": "Email",
      "settings.password": "Password",
      "settings.identities": "Sign-in providers",
      "settings.sessions": "Sessions",
      "settings.tokens": "Access tokens",
      "settings.delete": "Delete account",
      "tokens.intro": "A token lets a script of yours read or change your tasks through the API, sent as “Authorization: Bearer …”. It cannot change your account.",
      "tokens.name": "Name",
      "tokens.nameHint": "What the token is for, e.g. “backup script”.",
      "tokens.nameRequired": "Enter a name for the token.",
      "tokens.nameTooLong": "The name must be at most 100 characters long.",
      "tokens.scopes": "Permissions",
      "tokens.scopeRead": "Read tasks",
      "tokens.scopeWrite": "Create, change and delete tasks",
      "tokens.scopesRequired": "Choose at least one permission.",
      "tokens.expiry": "Expires after",
      "tokens.days7": "7 days",
      "tokens.days30": "30 days",
      "tokens.days90": "90 days",
      "tokens.days365": "365 days",
      "tokens.daysCustom": "Another number of days…",
      "tokens.days": "Days (1–366)",
      "tokens.daysInvalid": "Enter a whole number of days from 1 to 366.",
      "tokens.create": "Create token",
      "tokens.createdHeading": "Your new token",
      "tokens.createdWarning": "Copy it now and keep it somewhere safe: you will not see it again.",
      "tokens.secretLabel": "The new token",
      "tokens.copy": "Copy",
      "tokens.copied": "Copied to the clipboard.",
      "tokens.copyFailed": "Could not copy: select the token and copy it yourself.",
      "tokens.done": "I have copied it",
      "tokens.listHeading": "Your tokens",
      "tokens.empty": "You have no tokens.",
      "tokens.loadFailed": "Your tokens could not be loaded.",
      "tokens.created": "Created {date}",
      "tokens.lastUsed": "last used {date}",
      "tokens.neverUsed": "never used",
      "tokens.expires": "expires {date}",
      "tokens.expired": "expired {date}",
      "tokens.expiredBadge": "Expired",
      "tokens.revoke": "Revoke",
      "tokens.revokeNamed": "Revoke “{name}”",
      "tokens.revokeConfirm": "Revoke it? Scripts using it stop working at once.",
      "tokens.revokeYes": "Yes, revoke",
      "tokens.revokeNo": "Cancel",
      "settings.profileEmail": "Email",
      "settings.timezone": "Timezone",
      "settings.timezoneHint": "Due dates and the daily email follow it.",
      "settings.timezoneNone": "Not set",
      "settings.timezoneDetected": "Detected on this device",
      "settings.timezoneAll": "All timezones",
      "settings.language": "Language",
      "settings.languageHint": "Of this page and of your emails.",
      "settings.digestEnabled": "Send me a daily summary of my tasks",
      "settings.digestHour": "It arrives at",
      "settings.digestHourHint": "In your timezone, {zone}.",
      "settings.digestHourNoZone": "Your timezone is not set: choose it under Account so that this is your local time.",
      "settings.saving": "Saving…",
      "settings.saved": "Saved",
      "settings.notSaved": "Not saved: {message}",
      "settings.currentPassword": "Current password",
      "settings.passwordOthersSignedOut": "Your other devices will be signed out.",
      "settings.changePassword": "Change password",
      "settings.noPassword": "Your account has no password: you sign in with a provider. To set one, we email you a link.",
      "settings.sendSetPassword": "Email me a link to set a password",
      "settings.wrongPassword": "The password is wrong.",
      "settings.passwordChanged": "Your password is changed. Your other devices were signed out.",
      "settings.setPasswordSent": "We sent a link to {email}. It works once, for 30 minutes.",
      "settings.sessionsHint": "The devices signed in to your account.",
      "settings.endOtherSessions": "Sign out all other devices",
      "settings.unknownDevice": "Unknown device",
      "settings.thisDevice": "This device",
      "settings.unknownAddress": "Unknown address",
      "settings.signedIn": "signed in {when}",
      "settings.lastSeen": "last active {when}",
      "settings.endSession": "Sign out",
      "settings.sessionEnded": "The device is signed out.",
      "settings.otherSessionsEnded": "Every other device is signed out.",
      "settings.deleteText": "Deleting your account removes it with all its tasks, sessions and settings. This cannot be undone.",
      "settings.deleteStart": "Delete my account…",
      "settings.deleteWarning": "This is final.",
      "settings.deleteQuestion": "The account {email} and all its tasks will be deleted for good.",
      "settings.deletePassword": "Your password, to confirm",
      "settings.deleteRecentSignIn": "Your account has no password: it can be deleted within 10 minutes of signing in. If you signed in earlier, log out and sign in again first.",
      "settings.deleteConfirm": "Delete my account for good",
      "settings.deleteCancel": "Cancel",
      "settings.deleteSignInAgain": "You signed in more than 10 minutes ago. Log out, sign in again, then delete the account.",
      "settings.deleted": "Your account and all its tasks are deleted.",
      "header.signedInAs": "Signed in as",
      "welcome.heading": "Plan your day",
      "welcome.text": "Task Tracker is a simple to-do list. Sign up or log in to see your tasks.",
      "signup.title": "Create an account",
      "signup.submit": "Sign up",
      "login.title": "Log in",
      "login.submit": "Log in",
      "login.forgot": "Forgot password?",
      "login.passwordChanged": "Your password is changed and you are logged out on every device. Log in with the new password.",
      "oidc.or": "or",
      "oidc.signInWith": "Sign in with {name}",
      "oidc.linkWith": "Link {name}",
      "oidc.unlink": "Unlink {name}",
      "oidc.linkedAs": "{name}: {email}",
      "oidc.none": "No provider is linked to your account.",
      "oidc.intro": "Sign in with an account you already have elsewhere.",
      "oidc.lastWayIn": "This is the only way into your account: set a password or link another provider first.",
      "signinError.cancelled": "Sign-in was cancelled.",
      "signinError.email_unverified": "The provider has not verified this email address, so it cannot sign you in. Verify the address there, or log in with your password and link the provider in Settings.",
      "signinError.email_missing": "The provider did not share an email address, so no account could be found or made.",
      "signinError.identity_taken": "That provider account is already linked to another Task Tracker account.",
      "signinError.provider_already_linked": "Another account of this provider is already linked. Unlink it first.",
      "signinError.not_signed_in": "Log in first, then link the provider in Settings.",
      "signinError.provider_unavailable": "The sign-in provider cannot be reached. Try again later.",
      "signinError.invalid_state": "The sign-in expired or was started in another browser. Please try again.",
      "signinError.generic": "Sign-in with the provider failed. Please try again.",
      "forgot.title": "Reset your password",
      "forgot.text": "Enter the email of your account and we will send you a link to choose a new password.",
      "forgot.submit": "Send the link",
      "forgot.sent": "If an account exists for {email}, we sent it a link. The link works once, for 30 minutes.",
      "reset.title": "Choose a new password",
      "reset.newPassword": "New password",
      "reset.submit": "Set the password",
      "reset.invalidLink": "This link is invalid, used or expired. Ask for a new one: Log in, then “Forgot password?”.",
      "unsubscribe.title": "Stop the nightly digest?",
      "unsubscribe.text": "We will stop sending you the daily summary of your tasks. Your account and tasks stay as they are.",
      "unsubscribe.submit": "Stop the digest",
      "unsubscribe.done": "The nightly digest is off. You can turn it back on in Settings.",
      "unsubscribe.invalidLink": "This unsubscribe link is invalid. Log in and turn the digest off in Settings instead.",
      "form.email": "Email",
      "form.password": "Password",
      "form.passwordConfirm": "Repeat password",
      "form.passwordHint": "At least 8 characters.",
      "form.close": "Close",
      "toast.undo": "Undo",
      "form.fixErrors": "Please correct the highlighted fields.",
      "errors.emailRequired": "Enter your email address.",
      "errors.emailInvalid": "Enter a valid email address.",
      "errors.emailTaken": "This email is already taken.",
      "errors.passwordRequired": "Enter your password.",
      "errors.passwordTooShort": "The password must be at least 8 characters long.",
      "errors.passwordTooLong": "The password must be at most 128 characters long.",
      "errors.passwordMismatch": "The passwords do not match.",
      "errors.invalidCredentials": "Invalid email or password.",
      "errors.tooManyAttemptsSeconds": {
        one: "Too many attempts. Try again in {count} second.",
        other: "Too many attempts. Try again in {count} seconds."
      },
      "errors.tooManyAttemptsMinutes": {
        one: "Too many attempts. Try again in {count} minute.",
        other: "Too many attempts. Try again in {count} minutes."
      },
      "errors.network": "The server cannot be reached. Check your connection and try again.",
      "errors.server": "Something went wrong on the server. Try again later.",
      "errors.forbidden": "The server refused this request. Reload the page and try again.",
      "errors.tooLarge": "This is too much to send at once.",
      "errors.tooManyRequestsSeconds": {
        one: "Too many requests. Try again in {count} second.",
        other: "Too many requests. Try again in {count} seconds."
      },
      "errors.tooManyRequestsMinutes": {
        one: "Too many requests. Try again in {count} minute.",
        other: "Too many requests. Try again in {count} minutes."
      },
      "tasks.newLabel": "New task",
      "tasks.newPlaceholder": "What needs to be done?",
      "tasks.add": "Add",
      "tasks.titleRequired": "Enter a title for the task.",
      "tasks.titleTooLong": "The title must be at most 200 characters long.",
      "tasks.titleInvalid": "The title contains a character that is not allowed.",
      "tasks.descriptionTooLong": "The description must be at most 10,000 characters long.",
      "tasks.descriptionInvalid": "The description contains a character that is not allowed.",
      "tasks.openHeading": "To do",
      "tasks.doneHeading": "Done",
      "tasks.openEmpty": "Nothing to do. Add a task above.",
      "tasks.doneEmpty": "No finished tasks yet.",
      "tasks.doneAt": "Done {date}",
      "tasks.markDone": "Mark “{title}” as done",
      "tasks.markOpen": "Mark “{title}” as not done",
      "tasks.loadFailed": "Your tasks could not be loaded.",
      "tasks.retry": "Try again",
      "quickAdd.recognised": "Recognised in the text",
      "quickAdd.hint": "Dates, times and repetition in the text, such as “tomorrow 18:00” or “every Monday”, are recognised; Escape keeps the last one as text.",
      "quickAdd.keepText": "Keep as text: {what}",
      "quickAdd.announce": "Recognised: {what}",
      "quickAdd.kept": "Kept as text: {what}",
      "quickAdd.noRecurrence": "Repeating tasks are not available yet: “{title}” was added without repeating.",
      "editor.title": "Edit task",
      "editor.fieldTitle": "Title",
      "editor.fieldDescription": "Description",
      "editor.fieldDone": "Done",
      "editor.autosaveHint": "Changes are saved automatically.",
      "editor.close": "Close",
      "editor.delete": "Delete",
      "editor.deleteConfirm": "Delete this task for good?",
      "editor.deleteYes": "Yes, delete",
      "editor.deleteNo": "Cancel",
      "editor.deleteFailed": "The task could not be deleted. Try again.",
      "editor.created": "Created {date}",
      "save.saving": "Saving…",
      "save.saved": "Saved",
      "save.failed": "Not saved",
      "save.retry": "Retry",
      "save.gone": "This task was deleted elsewhere.",
      "save.rejected": "Not saved: {message}",
      "save.background": "Some changes are not saved yet.",
      "save.leaveWarning": "Some changes are not saved yet."
    },
    ru: {
      "app.title": "Планировщик задач",
      "app.loading": "Загрузка…",
      "app.skipToContent": "Перейти к содержимому",
      "app.sessionEnded": "Сеанс завершён. Войдите снова.",
      "app.backendUnavailable": "Сервер недоступен. Проверьте подключение и перезагрузите страницу.",
      "language.label": "Язык",
      "header.signup": "Регистрация",
      "header.login": "Войти",
      "header.logout": "Выйти",
      "header.settings": "Настройки",
      "editor.checklist": "Чек-лист",
      "editor.checklistNew": "Добавить пункт",
      "editor.checklistAdd": "Добавить",
      "checklist.untitled": "пустой пункт",
      "checklist.done": "Выполнено: {text}",
      "checklist.text": "Пункт чек-листа {position}",
      "checklist.up": "Выше: {text}",
      "checklist.down": "Ниже: {text}",
      "checklist.delete": "Удалить пункт: {text}",
      "checklist.moved": "{text}: теперь на месте {position} из {count}",
      "checklist.added": "Добавлено: {text}",
      "checklist.deleted": "Удалено: {text}",
      "checklist.progress": "Выполнено пунктов: {done} из {count}",
      "editor.fieldDue": "Срок",
      "editor.fieldDueDate": "Дата",
      "editor.fieldDueTime": "Время (необязательно)",
      "editor.dueClear": "Без срока",
      "repeat.legend": "Повтор",
      "repeat.label": "Повторять",
      "repeat.optionNone": "Никогда",
      "repeat.optionDaily": "Каждый день",
      "repeat.optionWeekdays": "По будням",
      "repeat.optionWeekly": "Каждую неделю",
      "repeat.optionMonthly": "Каждый месяц",
      "repeat.optionYearly": "Каждый год",
      "repeat.interval": "Каждые N",
      "repeat.monthlyOn": "Когда",
      "repeat.monthlyDay": "{day}-го числа",
      "repeat.monthlyLastWeekday": "в последний {weekday}",
      "repeat.monthlyLastDay": "в последний день",
      "repeat.days": "Дни недели",
      "repeat.afterCompletion": "Считать от дня выполнения",
      "repeat.skip": "Пропустить этот раз",
      "repeat.stop": "Больше не повторять",
      "repeat.skipFailed": "Не удалось перенести задачу на следующую дату. Попробуйте снова.",
      "repeat.eachDaily": "Каждый день",
      "repeat.eachWeekly": "Каждую неделю",
      "repeat.eachMonthly": "Каждый месяц",
      "repeat.eachYearly": "Каждый год",
      "repeat.everyDaily": { one: "Каждый {count} день", few: "Каждые {count} дня", many: "Каждые {count} дней", other: "Каждые {count} дня" },
      "repeat.everyWeekly": { one: "Каждую {count} неделю", few: "Каждые {count} недели", many: "Каждые {count} недель", other: "Каждые {count} недели" },
      "repeat.everyMonthly": { one: "Каждый {count} месяц", few: "Каждые {count} месяца", many: "Каждые {count} месяцев", other: "Каждые {count} месяца" },
      "repeat.everyYearly": { one: "Каждый {count} год", few: "Каждые {count} года", many: "Каждые {count} лет", other: "Каждые {count} года" },
      "repeat.summaryWeekdays": "По будням",
      "repeat.summaryCustom": "Повтор: {rule}",
      "repeat.onDays": ": {days}",
      "repeat.onDay": ", {day}-го числа",
      "repeat.onLastDay": ", в последний день",
      "repeat.onLastWeekday": ", в последний {weekday}",
      "repeat.afterSuffix": ", считая от выполнения",
      "repeat.marker": "Повторяется: {summary}",
      "repeat.next": "{title} — следующий раз: {date}",
      "editor.fieldRemind": "Напомнить",
      "editor.remindWhen": "Когда",
      "editor.remindNone": "Без напоминания",
      "editor.remindAtDue": "В срок",
      "editor.remindBefore30": "За 30 минут",
      "editor.remindMorning": "Утром в день срока (09:00)",
      "editor.remindCustom": "В выбранное время",
      "editor.remindCustomField": "Дата и время",
      "editor.remindHint": "Письмо придёт один раз, в это время по вашему часовому поясу.",
      "tasks.reminder": "Напоминание: {when}",
      "views.label": "Представления",
      "views.all": "Все задачи",
      "views.today": "Сегодня",
      "views.upcoming": "Предстоящие",
      "views.todayHeading": "Сегодня и просроченные",
      "views.upcomingHeading": "Ближайшие 7 дней",
      "views.todayEmpty": "На сегодня ничего нет. Отдохните или назначьте задаче срок.",
      "views.upcomingEmpty": "В ближайшие 7 дней сроков нет.",
      "views.todayCount": {
        one: "{count} задача на сегодня или просрочена",
        few: "{count} задачи на сегодня или просрочены",
        many: "{count} задач на сегодня или просрочены",
        other: "{count} задачи на сегодня или просрочены"
      },
      "search.label": "Поиск задач",
      "search.hint": "Результаты появляются по мере ввода; Escape очищает поиск.",
      "search.heading": {
        one: "{count} задача по запросу «{query}»",
        few: "{count} задачи по запросу «{query}»",
        many: "{count} задач по запросу «{query}»",
        other: "{count} задачи по запросу «{query}»"
      },
      "search.empty": "Нет задач по запросу «{query}».",
      "search.failed": "Поиск не удался. Проверьте подключение и наберите запрос снова.",
      "search.done": "Выполнена",
      "due.today": "Сегодня",
      "due.tomorrow": "Завтра",
      "due.yesterday": "Вчера",
      "due.overdue": "Просрочено · {when}",
      "settings.title": "Настройки",
      "settings.back": "← К задачам",
      "settings.loadError": "Не удалось загрузить настройки. Обновите страницу, чтобы попробовать снова.",
      "settings.profile": "Аккаунт",
      "settings.email": "Письма",
      "settings.password": "Пароль",
      "settings.identities": "Вход через внешние сервисы",
      "settings.sessions": "Сеансы",
      "settings.tokens": "Токены доступа",
      "settings.delete": "Удаление аккаунта",
      "tokens.intro": "Токен позволяет вашему скрипту читать или менять ваши задачи через API; он передаётся как «Authorization: Bearer …». Менять аккаунт токен не может.",
      "tokens.name": "Название",
      "tokens.nameHint": "Для чего токен, например «скрипт резервного копирования».",
      "tokens.nameRequired": "Введите название токена.",
      "tokens.nameTooLong": "Название должно быть не длиннее 100 символов.",
      "tokens.scopes": "Права",
      "tokens.scopeRead": "Читать задачи",
      "tokens.scopeWrite": "Создавать, менять и удалять задачи",
      "tokens.scopesRequired": "Выберите хотя бы одно право.",
      "tokens.expiry": "Срок действия",
      "tokens.days7": "7 дней",
      "tokens.days30": "30 дней",
      "tokens.days90": "90 дней",
      "tokens.days365": "365 дней",
      "tokens.daysCustom": "Другое число дней…",
      "tokens.days": "Дней (1–366)",
      "tokens.daysInvalid": "Введите целое число дней от 1 до 366.",
      "tokens.create": "Создать токен",
      "tokens.createdHeading": "Ваш новый токен",
      "tokens.createdWarning": "Скопируйте его сейчас и сохраните в надёжном месте: больше вы его не увидите.",
      "tokens.secretLabel": "Новый токен",
      "tokens.copy": "Копировать",
      "tokens.copied": "Скопировано в буфер обмена.",
      "tokens.copyFailed": "Не удалось скопировать: выделите токен и скопируйте его сами.",
      "tokens.done": "Я скопировал токен",
      "tokens.listHeading": "Ваши токены",
      "tokens.empty": "У вас нет токенов.",
      "tokens.loadFailed": "Не удалось загрузить токены.",
      "tokens.created": "Создан {date}",
      "tokens.lastUsed": "использован {date}",
      "tokens.neverUsed": "ни разу не использован",
      "tokens.expires": "действует до {date}",
      "tokens.expired": "истёк {date}",
      "tokens.expiredBadge": "Истёк",
      "tokens.revoke": "Отозвать",
      "tokens.revokeNamed": "Отозвать «{name}»",
      "tokens.revokeConfirm": "Отозвать токен? Скрипты с ним сразу перестанут работать.",
      "tokens.revokeYes": "Да, отозвать",
      "tokens.revokeNo": "Отмена",
      "settings.profileEmail": "Почта",
      "settings.timezone": "Часовой пояс",
      "settings.timezoneHint": "По нему считаются сроки и время ежедневного письма.",
      "settings.timezoneNone": "Не выбран",
      "settings.timezoneDetected": "Определён на этом устройстве",
      "settings.timezoneAll": "Все часовые пояса",
      "settings.language": "Язык",
      "settings.languageHint": "Этой страницы и ваших писем.",
      "settings.digestEnabled": "Присылать мне ежедневную сводку задач",
      "settings.digestHour": "Время письма",
      "settings.digestHourHint": "В вашем часовом поясе, {zone}.",
      "settings.digestHourNoZone": "Часовой пояс не выбран: выберите его в разделе «Аккаунт», чтобы это было ваше местное время.",
      "settings.saving": "Сохранение…",
      "settings.saved": "Сохранено",
      "settings.notSaved": "Не сохранено: {message}",
      "settings.currentPassword": "Текущий пароль",
      "settings.passwordOthersSignedOut": "На других ваших устройствах будет выполнен выход.",
      "settings.changePassword": "Сменить пароль",
      "settings.noPassword": "У вашего аккаунта нет пароля: вы входите через внешний сервис. Чтобы задать пароль, мы пришлём ссылку на почту.",
      "settings.sendSetPassword": "Прислать ссылку, чтобы задать пароль",
      "settings.wrongPassword": "Неверный пароль.",
      "settings.passwordChanged": "Пароль изменён. На других ваших устройствах выполнен выход.",
      "settings.setPasswordSent": "Мы отправили ссылку на {email}. Она действует один раз, 30 минут.",
      "settings.sessionsHint": "Устройства, на которых выполнен вход в ваш аккаунт.",
      "settings.endOtherSessions": "Выйти на всех других устройствах",
      "settings.unknownDevice": "Неизвестное устройство",
      "settings.thisDevice": "Это устройство",
      "settings.unknownAddress": "Адрес неизвестен",
      "settings.signedIn": "вход {when}",
      "settings.lastSeen": "активность {when}",
      "settings.endSession": "Завершить",
      "settings.sessionEnded": "Сеанс на устройстве завершён.",
      "settings.otherSessionsEnded": "Сеансы на всех других устройствах завершены.",
      "settings.deleteText": "При удалении аккаунта удаляются все его задачи, сеансы и настройки. Это нельзя отменить.",
      "settings.deleteStart": "Удалить аккаунт…",
      "settings.deleteWarning": "Это необратимо.",
      "settings.deleteQuestion": "Аккаунт {email} и все его задачи будут удалены навсегда.",
      "settings.deletePassword": "Ваш пароль для подтверждения",
      "settings.deleteRecentSignIn": "У вашего аккаунта нет пароля: удалить его можно в течение 10 минут после входа. Если вы вошли раньше, сначала выйдите и войдите снова.",
      "settings.deleteConfirm": "Удалить аккаунт навсегда",
      "settings.deleteCancel": "Отмена",
      "settings.deleteSignInAgain": "Вы вошли больше 10 минут назад. Выйдите, войдите снова и удалите аккаунт.",
      "settings.deleted": "Ваш аккаунт и все его задачи удалены.",
      "header.signedInAs": "Вы вошли как",
      "welcome.heading": "Планируйте свой день",
      "welcome.text": "Планировщик задач — простой список дел. Зарегистрируйтесь или войдите, чтобы увидеть свои задачи.",
      "signup.title": "Регистрация",
      "signup.submit": "Зарегистрироваться",
      "login.title": "Вход",
      "login.submit": "Войти",
      "login.forgot": "Забыли пароль?",
      "login.passwordChanged": "Пароль изменён, выполнен выход на всех устройствах. Войдите с новым паролем.",
      "oidc.or": "или",
      "oidc.signInWith": "Войти через {name}",
      "oidc.linkWith": "Привязать {name}",
      "oidc.unlink": "Отвязать {name}",
      "oidc.linkedAs": "{name}: {email}",
      "oidc.none": "К аккаунту не привязан ни один внешний сервис.",
      "oidc.intro": "Входите с учётной записью, которая у вас уже есть в другом сервисе.",
      "oidc.lastWayIn": "Это единственный способ войти в аккаунт: сначала задайте пароль или привяжите другой сервис.",
      "signinError.cancelled": "Вход отменён.",
      "signinError.email_unverified": "Сервис не подтвердил этот адрес почты, поэтому войти через него нельзя. Подтвердите адрес в сервисе или войдите с паролем и привяжите сервис в настройках.",
      "signinError.email_missing": "Сервис не сообщил адрес почты, поэтому аккаунт не найден и не создан.",
      "signinError.identity_taken": "Эта учётная запись сервиса уже привязана к другому аккаунту Task Tracker.",
      "signinError.provider_already_linked": "Другая учётная запись этого сервиса уже привязана. Сначала отвяжите её.",
      "signinError.not_signed_in": "Сначала войдите, затем привяжите сервис в настройках.",
      "signinError.provider_unavailable": "Сервис входа недоступен. Попробуйте позже.",
      "signinError.invalid_state": "Вход устарел или был начат в другом браузере. Попробуйте ещё раз.",
      "signinError.generic": "Не удалось войти через сервис. Попробуйте ещё раз.",
      "forgot.title": "Сброс пароля",
      "forgot.text": "Введите адрес электронной почты вашей учётной записи, и мы пришлём ссылку для выбора нового пароля.",
      "forgot.submit": "Отправить ссылку",
      "forgot.sent": "Если учётная запись с адресом {email} существует, мы отправили на него ссылку. Она действует один раз в течение 30 минут.",
      "reset.title": "Новый пароль",
      "reset.newPassword": "Новый пароль",
      "reset.submit": "Сохранить пароль",
      "reset.invalidLink": "Ссылка недействительна, уже использована или устарела. Запросите новую: «Войти», затем «Забыли пароль?».",
      "unsubscribe.title": "Отписаться от ежедневной сводки?",
      "unsubscribe.text": "Мы перестанем присылать вам ежедневную сводку по задачам. Учётная запись и задачи останутся как есть.",
      "unsubscribe.submit": "Отписаться",
      "unsubscribe.done": "Ежедневная сводка отключена. Включить её снова можно в настройках.",
      "unsubscribe.invalidLink": "Эта ссылка для отписки недействительна. Войдите и отключите сводку в настройках.",
      "form.email": "Электронная почта",
      "form.password": "Пароль",
      "form.passwordConfirm": "Повторите пароль",
      "form.passwordHint": "Не короче 8 символов.",
      "form.close": "Закрыть",
      "toast.undo": "Отменить",
      "form.fixErrors": "Исправьте отмеченные поля.",
      "errors.emailRequired": "Введите адрес электронной почты.",
      "errors.emailInvalid": "Введите правильный адрес электронной почты.",
      "errors.emailTaken": "Этот адрес уже занят.",
      "errors.passwordRequired": "Введите пароль.",
      "errors.passwordTooShort": "Пароль должен быть не короче 8 символов.",
      "errors.passwordTooLong": "Пароль должен быть не длиннее 128 символов.",
      "errors.passwordMismatch": "Пароли не совпадают.",
      "errors.invalidCredentials": "Неверная почта или пароль.",
      "errors.tooManyAttemptsSeconds": {
        one: "Слишком много попыток. Повторите через {count} секунду.",
        few: "Слишком много попыток. Повторите через {count} секунды.",
        many: "Слишком много попыток. Повторите через {count} секунд.",
        other: "Слишком много попыток. Повторите через {count} секунды."
      },
      "errors.tooManyAttemptsMinutes": {
        one: "Слишком много попыток. Повторите через {count} минуту.",
        few: "Слишком много попыток. Повторите через {count} минуты.",
        many: "Слишком много попыток. Повторите через {count} минут.",
        other: "Слишком много попыток. Повторите через {count} минуты."
      },
      "errors.network": "Сервер недоступен. Проверьте подключение и попробуйте снова.",
      "errors.server": "Ошибка на сервере. Попробуйте позже.",
      "errors.forbidden": "Сервер отклонил запрос. Перезагрузите страницу и попробуйте снова.",
      "errors.tooLarge": "Слишком много данных для одной отправки.",
      "errors.tooManyRequestsSeconds": {
        one: "Слишком много запросов. Повторите через {count} секунду.",
        few: "Слишком много запросов. Повторите через {count} секунды.",
        many: "Слишком много запросов. Повторите через {count} секунд.",
        other: "Слишком много запросов. Повторите через {count} секунды."
      },
      "errors.tooManyRequestsMinutes": {
        one: "Слишком много запросов. Повторите через {count} минуту.",
        few: "Слишком много запросов. Повторите через {count} минуты.",
        many: "Слишком много запросов. Повторите через {count} минут.",
        other: "Слишком много запросов. Повторите через {count} минуты."
      },
      "tasks.newLabel": "Новая задача",
      "tasks.newPlaceholder": "Что нужно сделать?",
      "tasks.add": "Добавить",
      "tasks.titleRequired": "Введите заголовок задачи.",
      "tasks.titleTooLong": "Заголовок должен быть не длиннее 200 символов.",
      "tasks.titleInvalid": "Заголовок содержит недопустимый символ.",
      "tasks.descriptionTooLong": "Описание должно быть не длиннее 10 000 символов.",
      "tasks.descriptionInvalid": "Описание содержит недопустимый символ.",
      "tasks.openHeading": "Нужно сделать",
      "tasks.doneHeading": "Сделано",
      "tasks.openEmpty": "Дел нет. Добавьте задачу выше.",
      "tasks.doneEmpty": "Сделанных задач пока нет.",
      "tasks.doneAt": "Сделано {date}",
      "tasks.markDone": "Отметить «{title}» как сделанную",
      "tasks.markOpen": "Отметить «{title}» как несделанную",
      "tasks.loadFailed": "Не удалось загрузить задачи.",
      "tasks.retry": "Повторить",
      "quickAdd.recognised": "Распознано в тексте",
      "quickAdd.hint": "Даты, время и повторение в тексте, например «завтра в 18:00» или «каждый понедельник», распознаются; Escape оставляет последнее распознанное текстом.",
      "quickAdd.keepText": "Оставить текстом: {what}",
      "quickAdd.announce": "Распознано: {what}",
      "quickAdd.kept": "Оставлено текстом: {what}",
      "quickAdd.noRecurrence": "Повторяющиеся задачи пока недоступны: «{title}» добавлена без повторения.",
      "editor.title": "Задача",
      "editor.fieldTitle": "Заголовок",
      "editor.fieldDescription": "Описание",
      "editor.fieldDone": "Сделано",
      "editor.autosaveHint": "Изменения сохраняются автоматически.",
      "editor.close": "Закрыть",
      "editor.delete": "Удалить",
      "editor.deleteConfirm": "Удалить задачу насовсем?",
      "editor.deleteYes": "Да, удалить",
      "editor.deleteNo": "Отмена",
      "editor.deleteFailed": "Не удалось удалить задачу. Попробуйте снова.",
      "editor.created": "Создана {date}",
      "save.saving": "Сохранение…",
      "save.saved": "Сохранено",
      "save.failed": "Не сохранено",
      "save.retry": "Повторить",
      "save.gone": "Эта задача удалена в другом окне.",
      "save.rejected": "Не сохранено: {message}",
      "save.background": "Часть изменений ещё не сохранена.",
      "save.leaveWarning": "Часть изменений ещё не сохранена."
    }
  };

  function storedLanguage() {
    try {
      return window.localStorage.getItem(STORAGE_KEY);
    } catch {
      return null; // Storage can be disabled (privacy mode); the browser language still works.
    }
  }

  function detectLanguage() {
    var stored = storedLanguage();
    if (SUPPORTED.indexOf(stored) !== -1) {
      return stored;
    }
    var preferred = window.navigator.languages || [window.navigator.language || "en"];
    for (var i = 0; i < preferred.length; i += 1) {
      var primary = String(preferred[i]).toLowerCase().split("-")[0];
      if (SUPPORTED.indexOf(primary) !== -1) {
        return primary;
      }
    }
    return "en";
  }

  var current = detectLanguage();

  function t(key, params) {
    var text = messages[current][key];
    if (text === undefined) {
      text = messages.en[key] !== undefined ? messages.en[key] : key;
    }
    // A message with plural forms takes the one the language's rules give its "count" parameter
    // (Russian has three: 1 минуту, 3 минуты, 5 минут).
    if (typeof text === "object") {
      text = text[new Intl.PluralRules(current).select(params.count)] || text.other;
    }
    if (params) {
      text = text.replace(/\{(\w+)\}/g, function (match, name) {
        return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match;
      });
    }
    return text;
  }

  // Dates follow the browser's regional format when it is a variant of the interface language
  // (en-GB keeps day-month order), otherwise the interface language itself.
  function dateLocale() {
    var browser = window.navigator.language || current;
    return browser.toLowerCase().split("-")[0] === current ? browser : current;
  }

  function formatDateTime(isoString) {
    var date = new Date(isoString);
    if (isNaN(date.getTime())) {
      return "";
    }
    return new Intl.DateTimeFormat(dateLocale(), { dateStyle: "medium", timeStyle: "short" }).format(date);
  }

  // A calendar date (YYYY-MM-DD) as a short day: "Fri, 11 Dec".
  function formatDay(isoDate) {
    var date = new Date(isoDate + "T00:00:00Z");
    if (isNaN(date.getTime())) {
      return "";
    }
    return new Intl.DateTimeFormat(dateLocale(), {
      weekday: "short",
      day: "numeric",
      month: "short",
      timeZone: "UTC"
    }).format(date);
  }

  function apply(root) {
    var $root = $(root || window.document);
    $root.find("[data-i18n]").each(function () {
      var params = $(this).attr("data-i18n-params");
      $(this).text(t($(this).attr("data-i18n"), params ? JSON.parse(params) : undefined));
    });
    $.each(["placeholder", "aria-label", "title"], function (index, attribute) {
      $root.find("[data-i18n-" + attribute + "]").each(function () {
        $(this).attr(attribute, t($(this).attr("data-i18n-" + attribute)));
      });
    });
    window.document.documentElement.lang = current;
    window.document.title = t("app.title");
  }

  function setLanguage(language) {
    if (SUPPORTED.indexOf(language) === -1 || language === current) {
      return;
    }
    current = language;
    try {
      window.localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Not persisted across reloads when storage is disabled; the switch still applies now.
    }
    apply();
    $(window.document).trigger("tt:languagechange", [language]);
  }

  window.TT = window.TT || {};
  window.TT.i18n = {
    t: t,
    apply: apply,
    setLanguage: setLanguage,
    language: function () {
      return current;
    },
    formatDateTime: formatDateTime,
    formatDay: formatDay
  };
})(window, window.jQuery);
