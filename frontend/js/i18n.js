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
      "header.signedInAs": "Signed in as",
      "welcome.heading": "Plan your day",
      "welcome.text": "Task Tracker is a simple to-do list. Sign up or log in to see your tasks.",
      "signup.title": "Create an account",
      "signup.submit": "Sign up",
      "login.title": "Log in",
      "login.submit": "Log in",
      "login.forgot": "Forgot password?",
      "login.passwordChanged": "Your password is changed and you are logged out on every device. Log in with the new password.",
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
      "header.signedInAs": "Вы вошли как",
      "welcome.heading": "Планируйте свой день",
      "welcome.text": "Планировщик задач — простой список дел. Зарегистрируйтесь или войдите, чтобы увидеть свои задачи.",
      "signup.title": "Регистрация",
      "signup.submit": "Зарегистрироваться",
      "login.title": "Вход",
      "login.submit": "Войти",
      "login.forgot": "Забыли пароль?",
      "login.passwordChanged": "Пароль изменён, выполнен выход на всех устройствах. Войдите с новым паролем.",
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
    formatDateTime: formatDateTime
  };
})(window, window.jQuery);
