/*
 * demo_places.c - where the demo's organisations are: real cities with
 * real coordinates (WGS84, to about a kilometre) and their names in
 * English, Russian, Chinese and the local language and script, and a
 * profile per country (share of organisations, naming style and brand
 * stems, legal forms, registry scheme, web domain, languages).
 *
 * Shares roughly follow the size of each economy's industry among SCO
 * states, with every member state well represented; observers, dialogue
 * partners and the guest get a few organisations each.
 */
#include "demo/demo_int.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const demo_city cities[] = {
    /* Uzbekistan: Latin is the official script, Cyrillic still common. */
    {"UZ", "Tashkent", "Ташкент", "塔什干", "Toshkent", "uz-Latn", "Тошкент", "uz-Cyrl", "Ташкентский", 41.2995, 69.2401, NULL, 40},
    {"UZ", "Samarkand", "Самарканд", "撒马尔罕", "Samarqand", "uz-Latn", "Самарқанд", "uz-Cyrl", "Самаркандский", 39.6542, 66.9597, NULL, 10},
    {"UZ", "Namangan", "Наманган", "纳曼干", "Namangan", "uz-Latn", "Наманган", "uz-Cyrl", "Наманганский", 40.9983, 71.6726, NULL, 8},
    {"UZ", "Andijan", "Андижан", "安集延", "Andijon", "uz-Latn", "Андижон", "uz-Cyrl", "Андижанский", 40.7821, 72.3442, NULL, 8},
    {"UZ", "Bukhara", "Бухара", "布哈拉", "Buxoro", "uz-Latn", "Бухоро", "uz-Cyrl", "Бухарский", 39.7681, 64.4556, NULL, 6},
    {"UZ", "Fergana", "Фергана", "费尔干纳", "Farg'ona", "uz-Latn", "Фарғона", "uz-Cyrl", "Ферганский", 40.3864, 71.7864, NULL, 7},
    {"UZ", "Navoi", "Навои", "纳沃伊", "Navoiy", "uz-Latn", "Навоий", "uz-Cyrl", "Навоийский", 40.0844, 65.3792, NULL, 6},
    {"UZ", "Nukus", "Нукус", "努库斯", "Nukus", "uz-Latn", "Нукус", "uz-Cyrl", "Нукусский", 42.4531, 59.6103, NULL, 4},
    {"UZ", "Almalyk", "Алмалык", "阿尔马雷克", "Olmaliq", "uz-Latn", "Олмалиқ", "uz-Cyrl", "Алмалыкский", 40.8447, 69.5983, NULL, 4},
    {"UZ", "Chirchiq", "Чирчик", "奇尔奇克", "Chirchiq", "uz-Latn", "Чирчиқ", "uz-Cyrl", "Чирчикский", 41.4689, 69.5822, NULL, 4},
    /* Kazakhstan: Kazakh Cyrillic, moving to Latin. */
    {"KZ", "Almaty", "Алматы", "阿拉木图", "Алматы", "kk-Cyrl", "Almaty", "kk-Latn", "Алматинский", 43.2389, 76.8897, NULL, 30},
    {"KZ", "Astana", "Астана", "阿斯塔纳", "Астана", "kk-Cyrl", "Astana", "kk-Latn", "Астанинский", 51.1694, 71.4491, NULL, 20},
    {"KZ", "Shymkent", "Шымкент", "奇姆肯特", "Шымкент", "kk-Cyrl", "Şymkent", "kk-Latn", "Шымкентский", 42.3417, 69.5901, NULL, 12},
    {"KZ", "Karaganda", "Караганда", "卡拉干达", "Қарағанды", "kk-Cyrl", "Qarağandy", "kk-Latn", "Карагандинский", 49.8060, 73.0850, NULL, 12},
    {"KZ", "Aktobe", "Актобе", "阿克托别", "Ақтөбе", "kk-Cyrl", "Aqtöbe", "kk-Latn", "Актюбинский", 50.2839, 57.1670, NULL, 7},
    {"KZ", "Pavlodar", "Павлодар", "巴甫洛达尔", "Павлодар", "kk-Cyrl", "Pavlodar", "kk-Latn", "Павлодарский", 52.2873, 76.9674, NULL, 7},
    {"KZ", "Oskemen", "Усть-Каменогорск", "厄斯克门", "Өскемен", "kk-Cyrl", "Öskemen", "kk-Latn", "Усть-Каменогорский", 49.9483, 82.6275, NULL, 6},
    {"KZ", "Atyrau", "Атырау", "阿特劳", "Атырау", "kk-Cyrl", "Atyrau", "kk-Latn", "Атырауский", 47.0945, 51.9238, NULL, 6},
    {"KZ", "Kostanay", "Костанай", "科斯塔奈", "Қостанай", "kk-Cyrl", "Qostanai", "kk-Latn", "Костанайский", 53.2198, 63.6354, NULL, 5},
    /* Kyrgyzstan */
    {"KG", "Bishkek", "Бишкек", "比什凯克", "Бишкек", "ky", NULL, NULL, "Бишкекский", 42.8746, 74.5698, NULL, 50},
    {"KG", "Osh", "Ош", "奥什", "Ош", "ky", NULL, NULL, "Ошский", 40.5283, 72.7985, NULL, 20},
    {"KG", "Jalal-Abad", "Джалал-Абад", "贾拉拉巴德", "Жалал-Абад", "ky", NULL, NULL, "Джалал-Абадский", 40.9333, 73.0000, NULL, 8},
    {"KG", "Karakol", "Каракол", "卡拉科尔", "Каракол", "ky", NULL, NULL, "Каракольский", 42.4907, 78.3936, NULL, 7},
    {"KG", "Tokmok", "Токмок", "托克马克", "Токмок", "ky", NULL, NULL, "Токмокский", 42.8419, 75.3015, NULL, 8},
    {"KG", "Kara-Balta", "Кара-Балта", "卡拉巴尔塔", "Кара-Балта", "ky", NULL, NULL, "Кара-Балтинский", 42.8142, 73.8481, NULL, 7},
    /* Tajikistan */
    {"TJ", "Dushanbe", "Душанбе", "杜尚别", "Душанбе", "tg", NULL, NULL, "Душанбинский", 38.5598, 68.7870, NULL, 45},
    {"TJ", "Khujand", "Худжанд", "苦盏", "Хуҷанд", "tg", NULL, NULL, "Худжандский", 40.2826, 69.6222, NULL, 20},
    {"TJ", "Bokhtar", "Бохтар", "博赫塔尔", "Бохтар", "tg", NULL, NULL, "Бохтарский", 37.8364, 68.7803, NULL, 10},
    {"TJ", "Kulob", "Куляб", "库利亚布", "Кӯлоб", "tg", NULL, NULL, "Кулябский", 37.9146, 69.7845, NULL, 8},
    {"TJ", "Istaravshan", "Истаравшан", "伊斯塔拉夫尚", "Истаравшан", "tg", NULL, NULL, "Истаравшанский", 39.9108, 69.0064, NULL, 7},
    {"TJ", "Tursunzoda", "Турсунзаде", "图尔孙扎德", "Турсунзода", "tg", NULL, NULL, "Турсунзадевский", 38.5108, 68.2303, NULL, 10},
    /* Russia: region is the two-digit INN region code. */
    {"RU", "Moscow", "Москва", "莫斯科", "Москва", "ru", NULL, NULL, "Московский", 55.7558, 37.6173, "77", 25},
    {"RU", "St Petersburg", "Санкт-Петербург", "圣彼得堡", "Санкт-Петербург", "ru", NULL, NULL, "Петербургский", 59.9343, 30.3351, "78", 12},
    {"RU", "Yekaterinburg", "Екатеринбург", "叶卡捷琳堡", "Екатеринбург", "ru", NULL, NULL, "Екатеринбургский", 56.8389, 60.6057, "66", 8},
    {"RU", "Kazan", "Казань", "喀山", "Казань", "ru", NULL, NULL, "Казанский", 55.7961, 49.1064, "16", 7},
    {"RU", "Novosibirsk", "Новосибирск", "新西伯利亚", "Новосибирск", "ru", NULL, NULL, "Новосибирский", 55.0084, 82.9357, "54", 6},
    {"RU", "Chelyabinsk", "Челябинск", "车里雅宾斯克", "Челябинск", "ru", NULL, NULL, "Челябинский", 55.1644, 61.4368, "74", 6},
    {"RU", "Nizhny Novgorod", "Нижний Новгород", "下诺夫哥罗德", "Нижний Новгород", "ru", NULL, NULL, "Нижегородский", 56.2965, 43.9361, "52", 6},
    {"RU", "Samara", "Самара", "萨马拉", "Самара", "ru", NULL, NULL, "Самарский", 53.1959, 50.1002, "63", 5},
    {"RU", "Togliatti", "Тольятти", "陶里亚蒂", "Тольятти", "ru", NULL, NULL, "Тольяттинский", 53.5078, 49.4204, "63", 3},
    {"RU", "Krasnoyarsk", "Красноярск", "克拉斯诺亚尔斯克", "Красноярск", "ru", NULL, NULL, "Красноярский", 56.0153, 92.8932, "24", 4},
    {"RU", "Perm", "Пермь", "彼尔姆", "Пермь", "ru", NULL, NULL, "Пермский", 58.0105, 56.2502, "59", 4},
    {"RU", "Ufa", "Уфа", "乌法", "Уфа", "ru", NULL, NULL, "Уфимский", 54.7388, 55.9721, "02", 4},
    {"RU", "Omsk", "Омск", "鄂木斯克", "Омск", "ru", NULL, NULL, "Омский", 54.9885, 73.3242, "55", 3},
    {"RU", "Vladivostok", "Владивосток", "符拉迪沃斯托克", "Владивосток", "ru", NULL, NULL, "Владивостокский", 43.1155, 131.8855, "25", 3},
    /* China: region is the six-digit administrative division code. */
    {"CN", "Shanghai", "Шанхай", "上海", "上海", "zh", NULL, NULL, NULL, 31.2304, 121.4737, "310115", 14},
    {"CN", "Shenzhen", "Шэньчжэнь", "深圳", "深圳", "zh", NULL, NULL, NULL, 22.5431, 114.0579, "440300", 12},
    {"CN", "Chongqing", "Чунцин", "重庆", "重庆", "zh", NULL, NULL, NULL, 29.5630, 106.5516, "500112", 7},
    {"CN", "Xi'an", "Сиань", "西安", "西安", "zh", NULL, NULL, NULL, 34.3416, 108.9398, "610100", 6},
    {"CN", "Urumqi", "Урумчи", "乌鲁木齐", "乌鲁木齐", "zh", NULL, NULL, NULL, 43.8256, 87.6168, "650100", 7},
    {"CN", "Harbin", "Харбин", "哈尔滨", "哈尔滨", "zh", NULL, NULL, NULL, 45.8038, 126.5350, "230100", 5},
    {"CN", "Beijing", "Пекин", "北京", "北京", "zh", NULL, NULL, NULL, 39.9042, 116.4074, "110105", 9},
    {"CN", "Guangzhou", "Гуанчжоу", "广州", "广州", "zh", NULL, NULL, NULL, 23.1291, 113.2644, "440100", 8},
    {"CN", "Tianjin", "Тяньцзинь", "天津", "天津", "zh", NULL, NULL, NULL, 39.3434, 117.3616, "120116", 6},
    {"CN", "Wuhan", "Ухань", "武汉", "武汉", "zh", NULL, NULL, NULL, 30.5928, 114.3055, "420100", 5},
    {"CN", "Chengdu", "Чэнду", "成都", "成都", "zh", NULL, NULL, NULL, 30.5728, 104.0668, "510100", 5},
    {"CN", "Ningbo", "Нинбо", "宁波", "宁波", "zh", NULL, NULL, NULL, 29.8683, 121.5440, "330200", 5},
    {"CN", "Qingdao", "Циндао", "青岛", "青岛", "zh", NULL, NULL, NULL, 36.0671, 120.3826, "370200", 4},
    {"CN", "Shenyang", "Шэньян", "沈阳", "沈阳", "zh", NULL, NULL, NULL, 41.8057, 123.4315, "210100", 4},
    {"CN", "Lanzhou", "Ланьчжоу", "兰州", "兰州", "zh", NULL, NULL, NULL, 36.0611, 103.8343, "620100", 2},
    {"CN", "Kashgar", "Кашгар", "喀什", "喀什", "zh", NULL, NULL, NULL, 39.4704, 75.9898, "653101", 2},
    {"CN", "Suzhou", "Сучжоу", "苏州", "苏州", "zh", NULL, NULL, NULL, 31.2989, 120.5853, "320500", 5},
    /* India: region is the state code used in the CIN. */
    {"IN", "Pune", "Пуна", "浦那", "पुणे", "hi", NULL, NULL, NULL, 18.5204, 73.8567, "MH", 14},
    {"IN", "Chennai", "Ченнаи", "金奈", "चेन्नई", "hi", NULL, NULL, NULL, 13.0827, 80.2707, "TN", 14},
    {"IN", "Bengaluru", "Бангалор", "班加罗尔", "बेंगलुरु", "hi", NULL, NULL, NULL, 12.9716, 77.5946, "KA", 14},
    {"IN", "Mumbai", "Мумбаи", "孟买", "मुंबई", "hi", NULL, NULL, NULL, 19.0760, 72.8777, "MH", 14},
    {"IN", "Ahmedabad", "Ахмадабад", "艾哈迈达巴德", "अहमदाबाद", "hi", NULL, NULL, NULL, 23.0225, 72.5714, "GJ", 10},
    {"IN", "Coimbatore", "Коимбатур", "哥印拜陀", "कोयंबटूर", "hi", NULL, NULL, NULL, 11.0168, 76.9558, "TN", 7},
    {"IN", "New Delhi", "Нью-Дели", "新德里", "नई दिल्ली", "hi", NULL, NULL, NULL, 28.6139, 77.2090, "DL", 12},
    {"IN", "Hyderabad", "Хайдарабад", "海得拉巴", "हैदराबाद", "hi", NULL, NULL, NULL, 17.3850, 78.4867, "TG", 8},
    {"IN", "Ludhiana", "Лудхиана", "卢迪亚纳", "लुधियाना", "hi", NULL, NULL, NULL, 30.9010, 75.8573, "PB", 4},
    {"IN", "Jamshedpur", "Джамшедпур", "贾姆谢德布尔", "जमशेदपुर", "hi", NULL, NULL, NULL, 22.8046, 86.2029, "JH", 3},
    /* Pakistan */
    {"PK", "Karachi", "Карачи", "卡拉奇", "کراچی", "ur", NULL, NULL, NULL, 24.8607, 67.0011, NULL, 30},
    {"PK", "Lahore", "Лахор", "拉合尔", "لاہور", "ur", NULL, NULL, NULL, 31.5204, 74.3587, NULL, 25},
    {"PK", "Faisalabad", "Фейсалабад", "费萨拉巴德", "فیصل آباد", "ur", NULL, NULL, NULL, 31.4504, 73.1350, NULL, 15},
    {"PK", "Sialkot", "Сиалкот", "锡亚尔科特", "سیالکوٹ", "ur", NULL, NULL, NULL, 32.4945, 74.5229, NULL, 10},
    {"PK", "Islamabad", "Исламабад", "伊斯兰堡", "اسلام آباد", "ur", NULL, NULL, NULL, 33.6844, 73.0479, NULL, 8},
    {"PK", "Gujranwala", "Гуджранвала", "古杰兰瓦拉", "گوجرانوالہ", "ur", NULL, NULL, NULL, 32.1877, 74.1945, NULL, 6},
    {"PK", "Peshawar", "Пешавар", "白沙瓦", "پشاور", "ur", NULL, NULL, NULL, 34.0151, 71.5249, NULL, 6},
    /* Iran */
    {"IR", "Tehran", "Тегеран", "德黑兰", "تهران", "fa", NULL, NULL, NULL, 35.6892, 51.3890, NULL, 35},
    {"IR", "Isfahan", "Исфахан", "伊斯法罕", "اصفهان", "fa", NULL, NULL, NULL, 32.6546, 51.6680, NULL, 15},
    {"IR", "Tabriz", "Тебриз", "大不里士", "تبریز", "fa", NULL, NULL, NULL, 38.0800, 46.2919, NULL, 12},
    {"IR", "Mashhad", "Мешхед", "马什哈德", "مشهد", "fa", NULL, NULL, NULL, 36.2605, 59.6168, NULL, 12},
    {"IR", "Shiraz", "Шираз", "设拉子", "شیراز", "fa", NULL, NULL, NULL, 29.5918, 52.5837, NULL, 8},
    {"IR", "Arak", "Арак", "阿拉克", "اراک", "fa", NULL, NULL, NULL, 34.0917, 49.6892, NULL, 6},
    {"IR", "Ahvaz", "Ахваз", "阿瓦士", "اهواز", "fa", NULL, NULL, NULL, 31.3183, 48.6706, NULL, 6},
    {"IR", "Bandar Abbas", "Бендер-Аббас", "阿巴斯港", "بندرعباس", "fa", NULL, NULL, NULL, 27.1832, 56.2666, NULL, 6},
    /* Belarus: region is the first digit of the UNP. */
    {"BY", "Minsk", "Минск", "明斯克", "Минск", "ru", "Мінск", "be", "Минский", 53.9006, 27.5590, "1", 40},
    {"BY", "Gomel", "Гомель", "戈梅利", "Гомель", "ru", "Гомель", "be", "Гомельский", 52.4412, 30.9878, "4", 12},
    {"BY", "Brest", "Брест", "布列斯特", "Брест", "ru", "Брэст", "be", "Брестский", 52.0976, 23.7341, "2", 10},
    {"BY", "Vitebsk", "Витебск", "维捷布斯克", "Витебск", "ru", "Віцебск", "be", "Витебский", 55.1904, 30.2049, "3", 9},
    {"BY", "Grodno", "Гродно", "格罗德诺", "Гродно", "ru", "Гродна", "be", "Гродненский", 53.6694, 23.8131, "5", 9},
    {"BY", "Mogilev", "Могилёв", "莫吉廖夫", "Могилёв", "ru", "Магілёў", "be", "Могилёвский", 53.8945, 30.3309, "7", 9},
    {"BY", "Zhodino", "Жодино", "若季诺", "Жодино", "ru", "Жодзіна", "be", "Жодинский", 54.0985, 28.3331, "6", 5},
    {"BY", "Bobruisk", "Бобруйск", "博布鲁伊斯克", "Бобруйск", "ru", "Бабруйск", "be", "Бобруйский", 53.1384, 29.2214, "7", 6},
    /* Observers */
    {"MN", "Ulaanbaatar", "Улан-Батор", "乌兰巴托", "Улаанбаатар", "mn", NULL, NULL, NULL, 47.8864, 106.9057, NULL, 70},
    {"MN", "Erdenet", "Эрдэнэт", "额尔登特", "Эрдэнэт", "mn", NULL, NULL, NULL, 49.0333, 104.0833, NULL, 15},
    {"MN", "Darkhan", "Дархан", "达尔汗", "Дархан", "mn", NULL, NULL, NULL, 49.4867, 105.9228, NULL, 15},
    {"AF", "Kabul", "Кабул", "喀布尔", "کابل", "fa-AF", NULL, NULL, NULL, 34.5553, 69.2075, NULL, 60},
    {"AF", "Herat", "Герат", "赫拉特", "هرات", "fa-AF", NULL, NULL, NULL, 34.3529, 62.2040, NULL, 20},
    {"AF", "Mazar-i-Sharif", "Мазари-Шариф", "马扎里沙里夫", "مزار شریف", "fa-AF", NULL, NULL, NULL, 36.7090, 67.1109, NULL, 20},
    /* Dialogue partners and guest */
    {"AZ", "Baku", "Баку", "巴库", "Bakı", "az", NULL, NULL, NULL, 40.4093, 49.8671, NULL, 70},
    {"AZ", "Ganja", "Гянджа", "占贾", "Gəncə", "az", NULL, NULL, NULL, 40.6828, 46.3606, NULL, 15},
    {"AZ", "Sumgait", "Сумгаит", "苏姆盖特", "Sumqayıt", "az", NULL, NULL, NULL, 40.5897, 49.6686, NULL, 15},
    {"AM", "Yerevan", "Ереван", "埃里温", "Երևան", "hy", NULL, NULL, NULL, 40.1792, 44.4991, NULL, 80},
    {"AM", "Gyumri", "Гюмри", "久姆里", "Գյումրի", "hy", NULL, NULL, NULL, 40.7894, 43.8475, NULL, 20},
    {"TR", "Istanbul", "Стамбул", "伊斯坦布尔", "İstanbul", "tr", NULL, NULL, NULL, 41.0082, 28.9784, NULL, 35},
    {"TR", "Bursa", "Бурса", "布尔萨", "Bursa", "tr", NULL, NULL, NULL, 40.1885, 29.0610, NULL, 15},
    {"TR", "Ankara", "Анкара", "安卡拉", "Ankara", "tr", NULL, NULL, NULL, 39.9334, 32.8597, NULL, 15},
    {"TR", "Izmir", "Измир", "伊兹密尔", "İzmir", "tr", NULL, NULL, NULL, 38.4237, 27.1428, NULL, 12},
    {"TR", "Kocaeli", "Коджаэли", "科贾埃利", "Kocaeli", "tr", NULL, NULL, NULL, 40.7654, 29.9408, NULL, 13},
    {"TR", "Kayseri", "Кайсери", "开塞利", "Kayseri", "tr", NULL, NULL, NULL, 38.7312, 35.4787, NULL, 10},
    {"EG", "Cairo", "Каир", "开罗", "القاهرة", "ar", NULL, NULL, NULL, 30.0444, 31.2357, NULL, 65},
    {"EG", "Alexandria", "Александрия", "亚历山大", "الإسكندرية", "ar", NULL, NULL, NULL, 31.2001, 29.9187, NULL, 35},
    {"SA", "Riyadh", "Эр-Рияд", "利雅得", "الرياض", "ar", NULL, NULL, NULL, 24.7136, 46.6753, NULL, 40},
    {"SA", "Jeddah", "Джидда", "吉达", "جدة", "ar", NULL, NULL, NULL, 21.4858, 39.1925, NULL, 25},
    {"SA", "Jubail", "Джубайль", "朱拜勒", "الجبيل", "ar", NULL, NULL, NULL, 27.0046, 49.6460, NULL, 20},
    {"SA", "Dammam", "Даммам", "达曼", "الدمام", "ar", NULL, NULL, NULL, 26.4207, 50.0888, NULL, 15},
    {"AE", "Dubai", "Дубай", "迪拜", "دبي", "ar", NULL, NULL, NULL, 25.2048, 55.2708, NULL, 50},
    {"AE", "Abu Dhabi", "Абу-Даби", "阿布扎比", "أبوظبي", "ar", NULL, NULL, NULL, 24.4539, 54.3773, NULL, 30},
    {"AE", "Sharjah", "Шарджа", "沙迦", "الشارقة", "ar", NULL, NULL, NULL, 25.3463, 55.4209, NULL, 20},
    {"QA", "Doha", "Доха", "多哈", "الدوحة", "ar", NULL, NULL, NULL, 25.2854, 51.5310, NULL, 100},
    {"KW", "Kuwait City", "Эль-Кувейт", "科威特城", "مدينة الكويت", "ar", NULL, NULL, NULL, 29.3759, 47.9774, NULL, 100},
    {"BH", "Manama", "Манама", "麦纳麦", "المنامة", "ar", NULL, NULL, NULL, 26.2285, 50.5860, NULL, 100},
    {"KH", "Phnom Penh", "Пномпень", "金边", "ភ្នំពេញ", "km", NULL, NULL, NULL, 11.5564, 104.9282, NULL, 100},
    {"NP", "Kathmandu", "Катманду", "加德满都", "काठमाडौं", "ne", NULL, NULL, NULL, 27.7172, 85.3240, NULL, 100},
    {"LK", "Colombo", "Коломбо", "科伦坡", "කොළඹ", "si", NULL, NULL, NULL, 6.9271, 79.8612, NULL, 100},
    {"MM", "Yangon", "Янгон", "仰光", "ရန်ကုန်", "my", NULL, NULL, NULL, 16.8409, 96.1735, NULL, 100},
    {"MV", "Male", "Мале", "马累", "މާލެ", "dv", NULL, NULL, NULL, 4.1755, 73.5093, NULL, 100},
    {"LA", "Vientiane", "Вьентьян", "万象", "ວຽງຈັນ", "lo", NULL, NULL, NULL, 17.9757, 102.6331, NULL, 100},
    {"TM", "Ashgabat", "Ашхабад", "阿什哈巴德", "Aşgabat", "tk", NULL, NULL, "Ашхабадский", 37.9601, 58.3261, NULL, 70},
    {"TM", "Turkmenabat", "Туркменабад", "土库曼纳巴德", "Türkmenabat", "tk", NULL, NULL, "Туркменабадский", 39.0733, 63.5786, NULL, 30},
};

const demo_city *demo_cities(size_t *n)
{
    *n = N(cities);
    return cities;
}

/* ---- brand stems ---- */
static const demo_stem ru_stems[] = {
    {"Урал", NULL}, {"Волга", NULL}, {"Сиб", NULL}, {"Кама", NULL}, {"Нева", NULL}, {"Дон", NULL},
    {"Ока", NULL}, {"Алтай", NULL}, {"Байкал", NULL}, {"Север", NULL}, {"Вектор", NULL}, {"Прогресс", NULL},
    {"Восток", NULL}, {"Енисей", NULL}, {"Ангара", NULL}, {"Кубань", NULL}, {"Техно", NULL}, {"Спектр", NULL}};
static const demo_stem by_stems[] = {
    {"Бел", NULL}, {"Неман", NULL}, {"Полесье", NULL}, {"Днепр", NULL}, {"Припять", NULL},
    {"Свислочь", NULL}, {"Сож", NULL}, {"Нарочь", NULL}, {"Березина", NULL}, {"Двина", NULL}};
static const demo_stem kg_stems[] = {
    {"Ала-Тоо", NULL}, {"Тянь-Шань", NULL}, {"Иссык-Куль", NULL}, {"Кыргыз", NULL}, {"Манас", NULL},
    {"Чуй", NULL}, {"Нарын", NULL}, {"Талас", NULL}, {"Ак-Суу", NULL}, {"Кен-Кол", NULL}};
static const demo_stem kz_ru_stems[] = {
    {"Алатау", NULL}, {"Сарыарка", NULL}, {"Иртыш", NULL}, {"Жетысу", NULL}, {"Казах", NULL},
    {"Каспий", NULL}, {"Атамекен", NULL}, {"Байтерек", NULL}, {"Арман", NULL}, {"Степь", NULL}};
static const demo_stem kk_stems[] = {
    {"Сарыарқа", NULL}, {"Алатау", NULL}, {"Ертіс", NULL}, {"Жетісу", NULL}, {"Қазақ", NULL},
    {"Тұлпар", NULL}, {"Атамекен", NULL}, {"Бәйтерек", NULL}, {"Кең Дала", NULL}, {"Арман", NULL},
    {"Самұрық", NULL}, {"Оңтүстік", NULL}};
static const demo_stem uz_stems[] = {
    {"Navbahor", NULL}, {"Zarafshon", NULL}, {"Oltin Vodiy", NULL}, {"Ipak Yo'li", NULL},
    {"Yangi Asr", NULL}, {"Turon", NULL}, {"Sharq", NULL}, {"Bunyodkor", NULL}, {"Mehnat", NULL},
    {"Kamalak", NULL}, {"Baraka", NULL}, {"Sirdaryo", NULL}, {"Afrosiyob", NULL}, {"Istiqlol", NULL}};
static const demo_stem uz_ru_stems[] = {
    {"Уз", NULL}, {"Ташкент", NULL}, {"Навои", NULL}, {"Самарканд", NULL}, {"Фергана", NULL}, {"Чирчик", NULL}};
static const demo_stem tg_stems[] = {
    {"Сомон", NULL}, {"Ватан", NULL}, {"Помир", NULL}, {"Зарафшон", NULL}, {"Суғд", NULL},
    {"Истиқлол", NULL}, {"Тоҷ", NULL}, {"Варзоб", NULL}, {"Ҳисор", NULL}, {"Вахш", NULL}};
static const demo_stem tj_ru_stems[] = {
    {"Памир", NULL}, {"Сомон", NULL}, {"Ватан", NULL}, {"Зарафшан", NULL}, {"Согд", NULL}, {"Вахш", NULL}};
static const demo_stem mn_stems[] = {
    {"Эрдэнэ", NULL}, {"Монгол", NULL}, {"Хангай", NULL}, {"Алтай", NULL}, {"Тэнгэр", NULL},
    {"Говь", NULL}, {"Номин", NULL}, {"Таван Богд", NULL}, {"Туул", NULL}, {"Хөвсгөл", NULL}};
static const demo_stem zh_stems[] = {
    {"华东", "Huadong"}, {"宏达", "Hongda"}, {"金泰", "Jintai"}, {"恒通", "Hengtong"}, {"新世纪", "Xinshiji"},
    {"中联", "Zhonglian"}, {"永盛", "Yongsheng"}, {"鑫源", "Xinyuan"}, {"天成", "Tiancheng"}, {"远大", "Yuanda"},
    {"瑞丰", "Ruifeng"}, {"长城", "Changcheng"}, {"丝路", "Silu"}, {"华信", "Huaxin"}, {"东方", "Dongfang"},
    {"振华", "Zhenhua"}, {"博远", "Boyuan"}, {"凯达", "Kaida"}, {"海天", "Haitian"}, {"明阳", "Mingyang"}};
static const demo_stem in_stems[] = {
    {"भारत", "Bharat"}, {"शक्ति", "Shakti"}, {"विजय", "Vijay"}, {"लक्ष्मी", "Laxmi"}, {"गंगा", "Ganga"},
    {"सूर्य", "Surya"}, {"ज्योति", "Jyoti"}, {"कावेरी", "Kaveri"}, {"दक्कन", "Deccan"}, {"सह्याद्रि", "Sahyadri"},
    {"ओम", "Om"}, {"कल्याणी", "Kalyani"}};
static const demo_stem pk_stems[] = {
    {"انڈس", "Indus"}, {"کریسنٹ", "Crescent"}, {"النور", "Al-Noor"}, {"اتحاد", "Ittehad"}, {"پاک", "Pak"},
    {"ستارہ", "Sitara"}, {"مہران", "Mehran"}, {"راوی", "Ravi"}, {"چناب", "Chenab"}, {"حمزہ", "Hamza"}};
static const demo_stem ir_stems[] = {
    {"پارس", "Pars"}, {"آریا", "Arya"}, {"سپاهان", "Sepahan"}, {"البرز", "Alborz"}, {"زاگرس", "Zagros"},
    {"کاوه", "Kaveh"}, {"نوین", "Novin"}, {"مهر", "Mehr"}, {"خزر", "Khazar"}, {"دماوند", "Damavand"}};
static const demo_stem tr_stems[] = {
    {"Anadolu", "Anadolu"}, {"Ege", "Ege"}, {"Marmara", "Marmara"}, {"Toros", "Toros"}, {"Kartal", "Kartal"},
    {"Yıldız", "Yildiz"}, {"Akdeniz", "Akdeniz"}, {"Başkent", "Baskent"}, {"Doğu", "Dogu"}, {"Karadeniz", "Karadeniz"}};
static const demo_stem af_stems[] = {{"Aryana", NULL}, {"Hindukush", NULL}, {"Bamyan", NULL}, {"Khorasan", NULL}, {"Amu", NULL}};
static const demo_stem az_stems[] = {{"Caspian", NULL}, {"Absheron", NULL}, {"Shirvan", NULL}, {"Kura", NULL}, {"Azersun", NULL}};
static const demo_stem am_stems[] = {{"Ararat", NULL}, {"Sevan", NULL}, {"Masis", NULL}, {"Arax", NULL}, {"Aragats", NULL}};
static const demo_stem eg_stems[] = {{"Nile", NULL}, {"Delta", NULL}, {"Sinai", NULL}, {"Misr", NULL}, {"Suez", NULL}};
static const demo_stem gulf_stems[] = {{"Al Safwa", NULL}, {"Gulf", NULL}, {"Najd", NULL}, {"Al Jazira", NULL}, {"Falcon", NULL}, {"Pearl", NULL}, {"Dilmun", NULL}};
static const demo_stem se_asia_stems[] = {{"Mekong", NULL}, {"Angkor", NULL}, {"Golden Land", NULL}, {"Irrawaddy", NULL}, {"Lotus", NULL}};
static const demo_stem south_asia_stems[] = {{"Himalaya", NULL}, {"Everest", NULL}, {"Ceylon", NULL}, {"Lanka", NULL}, {"Atoll", NULL}, {"Serendib", NULL}};
static const demo_stem tm_stems[] = {{"Altyn Asyr", NULL}, {"Garagum", NULL}, {"Watan", NULL}, {"Ahal", NULL}, {"Lebap", NULL}};

#define STEMS(a) a, N(a)
#define NO_STEMS NULL, 0

static const demo_country countries[] = {
    {"CN", 180, NS_ZH, "zh", STEMS(zh_stems), NO_STEMS, 0, NULL, NULL, {"有限公司", "股份有限公司"}, {"Co., Ltd.", "Co., Ltd."}, "USCC", "com.cn", "zh en", "Xitoy", "Қытай"},
    {"RU", 160, NS_RU, "ru", STEMS(ru_stems), NO_STEMS, 100, NULL, NULL, {"ООО", "АО"}, {"LLC", "JSC"}, "INN", "ru", "ru en", "Rossiya", "Ресей"},
    {"IN", 100, NS_EN, "en", STEMS(in_stems), NO_STEMS, 0, "hi", "इंडस्ट्रीज़", {"Pvt. Ltd.", "Ltd."}, {"Pvt. Ltd.", "Ltd."}, "CIN", "co.in", "en hi", "Hindiston", "Үндістан"},
    {"UZ", 100, NS_UZ, "uz-Latn", STEMS(uz_stems), STEMS(uz_ru_stems), 15, NULL, NULL, {"MChJ", "AJ"}, {"LLC", "JSC"}, "STIR", "uz", "uz ru en", "O'zbekiston", "Өзбекстан"},
    {"KZ", 90, NS_KK, "kk-Cyrl", STEMS(kk_stems), STEMS(kz_ru_stems), 40, NULL, NULL, {"ЖШС", "АҚ"}, {"LLP", "JSC"}, "BIN", "kz", "kk ru en", "Qozog'iston", "Қазақстан"},
    {"PK", 50, NS_EN, "en", STEMS(pk_stems), NO_STEMS, 0, "ur", "انڈسٹریز", {"(Pvt.) Ltd.", "Ltd."}, {"(Pvt.) Ltd.", "Ltd."}, "NTN", "com.pk", "en ur", "Pokiston", "Пәкістан"},
    {"IR", 50, NS_FA, "fa", STEMS(ir_stems), NO_STEMS, 0, NULL, NULL, {"شرکت", "شرکت سهامی"}, {"Co.", "PJSC"}, "NID", "ir", "fa en", "Eron", "Иран"},
    {"BY", 50, NS_RU, "ru", STEMS(by_stems), NO_STEMS, 100, NULL, NULL, {"ООО", "ОАО"}, {"LLC", "OJSC"}, "UNP", "by", "ru be en", "Belarus", "Беларусь"},
    {"KG", 40, NS_RU, "ru", STEMS(kg_stems), NO_STEMS, 100, NULL, NULL, {"ОсОО", "ОАО"}, {"LLC", "OJSC"}, "INN", "kg", "ky ru", "Qirg'iziston", "Қырғызстан"},
    {"TJ", 35, NS_TG, "tg", STEMS(tg_stems), STEMS(tj_ru_stems), 30, NULL, NULL, {"ҶДММ", "ҶСК"}, {"LLC", "OJSC"}, "INN", "tj", "tg ru", "Tojikiston", "Тәжікстан"},
    {"MN", 20, NS_MN, "mn", STEMS(mn_stems), NO_STEMS, 0, NULL, NULL, {"ХХК", "ХК"}, {"LLC", "JSC"}, "RN", "mn", "mn en ru", "Mo'g'uliston", "Моңғолия"},
    {"AF", 8, NS_EN, "en", STEMS(af_stems), NO_STEMS, 0, NULL, NULL, {"Ltd.", "Co."}, {"Ltd.", "Co."}, "TIN", "af", "fa-AF ps en", "Afg'oniston", "Ауғанстан"},
    {"TR", 30, NS_TR, "tr", STEMS(tr_stems), NO_STEMS, 0, NULL, NULL, {"San. ve Tic. Ltd. Şti.", "San. ve Tic. A.Ş."}, {"Industry and Trade Ltd.", "Industry and Trade Inc."}, "VKN", "com.tr", "tr en", "Turkiya", "Түркия"},
    {"AZ", 12, NS_EN, "en", STEMS(az_stems), NO_STEMS, 0, NULL, NULL, {"LLC", "OJSC"}, {"LLC", "OJSC"}, "VOEN", "az", "az ru en", "Ozarbayjon", "Әзербайжан"},
    {"AM", 8, NS_EN, "en", STEMS(am_stems), NO_STEMS, 0, NULL, NULL, {"LLC", "CJSC"}, {"LLC", "CJSC"}, "TIN", "am", "hy ru en", "Armaniston", "Армения"},
    {"EG", 10, NS_EN, "en", STEMS(eg_stems), NO_STEMS, 0, NULL, NULL, {"S.A.E.", "LLC"}, {"S.A.E.", "LLC"}, "CR", "com.eg", "ar en", "Misr", "Мысыр"},
    {"SA", 10, NS_EN, "en", STEMS(gulf_stems), NO_STEMS, 0, NULL, NULL, {"Co. Ltd.", "JSC"}, {"Co. Ltd.", "JSC"}, "CR", "com.sa", "ar en", "Saudiya Arabistoni", "Сауд Арабиясы"},
    {"AE", 10, NS_EN, "en", STEMS(gulf_stems), NO_STEMS, 0, NULL, NULL, {"LLC", "FZE"}, {"LLC", "FZE"}, "TL", "ae", "ar en", "BAA", "БАӘ"},
    {"QA", 4, NS_EN, "en", STEMS(gulf_stems), NO_STEMS, 0, NULL, NULL, {"W.L.L.", "Q.P.S.C."}, {"W.L.L.", "Q.P.S.C."}, "CR", "qa", "ar en", "Qatar", "Катар"},
    {"KW", 3, NS_EN, "en", STEMS(gulf_stems), NO_STEMS, 0, NULL, NULL, {"W.L.L.", "K.S.C."}, {"W.L.L.", "K.S.C."}, "CR", "com.kw", "ar en", "Quvayt", "Кувейт"},
    {"BH", 3, NS_EN, "en", STEMS(gulf_stems), NO_STEMS, 0, NULL, NULL, {"W.L.L.", "B.S.C."}, {"W.L.L.", "B.S.C."}, "CR", "com.bh", "ar en", "Bahrayn", "Бахрейн"},
    {"KH", 4, NS_EN, "en", STEMS(se_asia_stems), NO_STEMS, 0, NULL, NULL, {"Co., Ltd.", "Plc."}, {"Co., Ltd.", "Plc."}, "TIN", "com.kh", "km en", "Kambodja", "Камбоджа"},
    {"MM", 4, NS_EN, "en", STEMS(se_asia_stems), NO_STEMS, 0, NULL, NULL, {"Co., Ltd.", "Public Co., Ltd."}, {"Co., Ltd.", "Public Co., Ltd."}, "CRN", "com.mm", "my en", "Myanma", "Мьянма"},
    {"LA", 2, NS_EN, "en", STEMS(se_asia_stems), NO_STEMS, 0, NULL, NULL, {"Co., Ltd.", "Public Co."}, {"Co., Ltd.", "Public Co."}, "TIN", "la", "lo en", "Laos", "Лаос"},
    {"NP", 4, NS_EN, "en", STEMS(south_asia_stems), NO_STEMS, 0, NULL, NULL, {"Pvt. Ltd.", "Ltd."}, {"Pvt. Ltd.", "Ltd."}, "PAN", "com.np", "ne en", "Nepal", "Непал"},
    {"LK", 4, NS_EN, "en", STEMS(south_asia_stems), NO_STEMS, 0, NULL, NULL, {"(Pvt) Ltd", "PLC"}, {"(Pvt) Ltd", "PLC"}, "CRN", "lk", "si ta en", "Shri-Lanka", "Шри-Ланка"},
    {"MV", 2, NS_EN, "en", STEMS(south_asia_stems), NO_STEMS, 0, NULL, NULL, {"Pvt Ltd", "Plc"}, {"Pvt Ltd", "Plc"}, "CRN", "mv", "dv en", "Maldiv orollari", "Мальдив"},
    {"TM", 6, NS_EN, "en", STEMS(tm_stems), NO_STEMS, 0, NULL, NULL, {"Economic Society", "OJSC"}, {"Economic Society", "OJSC"}, "TIN", "tm", "tk ru en", "Turkmaniston", "Түрікменстан"},
};

const demo_country *demo_countries(size_t *n)
{
    *n = N(countries);
    return countries;
}
