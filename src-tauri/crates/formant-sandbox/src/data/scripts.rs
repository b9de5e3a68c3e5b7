//! Call scripts: what agents and customers say, per scenario and language.
//!
//! `{name}`, `{amount}` and `{date}` are filled in per call.

use crate::audio::plan::Side;

/// What a call is about; decides its script and its structured results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scenario {
    PaymentReminder,
    Support,
    Appointment,
    Delivery,
    LeadQualification,
}

/// The language a call is held in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Language {
    English,
    Hindi,
    Tamil,
}

use Side::{Agent as A, Customer as C};

const PAYMENT_EN: &[(Side, &str)] = &[
    (A, "Hello, am I speaking with {name}? This is Priya calling from Suvidha Finance."),
    (C, "Yes, this is {name}. What is this about?"),
    (A, "I'm calling about your loan EMI of rupees {amount}, which was due on the fifth. Is now a good time to talk?"),
    (C, "Yes, I can talk. I was travelling last week, so I missed it."),
    (A, "No problem. Would you be able to make the payment by {date}?"),
    (C, "Yes, I will pay it by {date} through UPI."),
    (A, "Thank you. I have noted your promise to pay. You will receive a payment link by SMS."),
    (C, "Okay, thank you."),
    (A, "Have a good day, {name}."),
];

const PAYMENT_HI: &[(Side, &str)] = &[
    (
        A,
        "नमस्ते, क्या मेरी बात {name} जी से हो रही है? मैं सुविधा फाइनेंस से प्रिया बोल रही हूँ।",
    ),
    (C, "हाँ, बोलिए। क्या बात है?"),
    (
        A,
        "आपकी {amount} रुपये की ईएमआई पाँच तारीख को ड्यू थी। क्या आप अभी बात कर सकते हैं?",
    ),
    (C, "हाँ, मैं पिछले हफ़्ते बाहर था, इसलिए भुगतान नहीं कर पाया।"),
    (A, "कोई बात नहीं। क्या आप {date} तक भुगतान कर पाएँगे?"),
    (C, "जी हाँ, मैं {date} तक यूपीआई से कर दूँगा।"),
    (A, "धन्यवाद। आपको एसएमएस पर पेमेंट लिंक मिल जाएगा।"),
    (C, "ठीक है, धन्यवाद।"),
];

const SUPPORT_EN: &[(Side, &str)] = &[
    (
        A,
        "Hello, thank you for calling FormantAI support. How can I assist you today?",
    ),
    (C, "Hi, I'm having trouble accessing my account."),
    (
        A,
        "I'm sorry to hear that. Could you confirm the email address on the account?",
    ),
    (C, "Sure, it's {name} at example dot com."),
    (
        A,
        "Thank you. I see the account was locked after several failed sign-in attempts.",
    ),
    (C, "That was probably me. I forgot my password."),
    (
        A,
        "I've sent a reset link to your email. It is valid for thirty minutes.",
    ),
    (C, "Got it, I can see the email now."),
    (A, "Great. Is there anything else I can help you with?"),
    (C, "No, that's all. Thanks for your help."),
];

const APPOINTMENT_EN: &[(Side, &str)] = &[
    (
        A,
        "Hi {name}, this is Alex from Bayview Dental. I'm calling to schedule your cleaning.",
    ),
    (C, "Oh, right. I've been meaning to book that."),
    (
        A,
        "We have openings on {date} at ten in the morning or two thirty in the afternoon.",
    ),
    (C, "Two thirty works better for me."),
    (
        A,
        "You're booked for {date} at two thirty at our Market Street office.",
    ),
    (C, "Perfect. Will I get a reminder?"),
    (
        A,
        "Yes, we'll text you the day before and email you a confirmation today.",
    ),
    (C, "Thanks, see you then."),
];

const DELIVERY_EN: &[(Side, &str)] = &[
    (
        A,
        "Hello {name}, this is Viraivu Couriers. Your parcel is out for delivery today.",
    ),
    (C, "Oh, I won't be home until six in the evening."),
    (
        A,
        "I can move the delivery to between six and eight this evening. Is that fine?",
    ),
    (
        C,
        "Yes, that works. Please ask the driver to call before arriving.",
    ),
    (
        A,
        "Done. The driver will call you. Your address is confirmed as on the order.",
    ),
    (C, "Thank you."),
];

const DELIVERY_TA: &[(Side, &str)] = &[
    (
        A,
        "வணக்கம் {name}, நான் விரைவு கூரியரில் இருந்து பேசுகிறேன். உங்கள் பார்சல் இன்று டெலிவரி செய்யப்படும்.",
    ),
    (C, "சரி, மாலை ஆறு மணிக்கு மேல் தான் வீட்டில் இருப்பேன்."),
    (A, "நன்றி. டெலிவரி நேரத்தை மாலை ஆறு மணிக்கு மாற்றிவிட்டேன்."),
    (C, "மிக்க நன்றி."),
];

const LEAD_EN: &[(Side, &str)] = &[
    (A, "Hi {name}, I'm calling from Nimbus Solar. You asked about rooftop panels on our website."),
    (C, "Yes, I was curious how much it would cost."),
    (A, "It depends on your roof and your monthly bill. Roughly how much is your electricity bill?"),
    (C, "Around {amount} a month, more in summer."),
    (A, "A five kilowatt system would likely cover most of that. Would you like a free site survey?"),
    (C, "Maybe. Can you send me the details first?"),
    (A, "Of course. I'll send a brochure and a rough quote by email today."),
    (C, "Okay, I'll take a look."),
];

/// The lines of a scenario in a language (English where a translation is missing).
pub(crate) fn script(scenario: Scenario, language: Language) -> &'static [(Side, &'static str)] {
    match (scenario, language) {
        (Scenario::PaymentReminder, Language::Hindi) => PAYMENT_HI,
        (Scenario::PaymentReminder, _) => PAYMENT_EN,
        (Scenario::Delivery, Language::Tamil) => DELIVERY_TA,
        (Scenario::Delivery, _) => DELIVERY_EN,
        (Scenario::Support, _) => SUPPORT_EN,
        (Scenario::Appointment, _) => APPOINTMENT_EN,
        (Scenario::LeadQualification, _) => LEAD_EN,
    }
}

pub(crate) const INDIAN_NAMES: &[&str] = &[
    "Rahul Verma",
    "Priya Nair",
    "Anil Kumar",
    "Lakshmi Iyer",
    "Arjun Mehta",
    "Meena Pillai",
    "Suresh Reddy",
    "Kavya Rao",
    "Imran Khan",
    "Deepa Joshi",
];
pub(crate) const HINDI_NAMES: &[&str] = &["राहुल", "सुनीता", "अमित", "पूजा", "विकास"];
pub(crate) const TAMIL_NAMES: &[&str] = &["கார்த்திக்", "மீனா", "செல்வி"];
pub(crate) const US_NAMES: &[&str] = &[
    "Emily Carter",
    "James Miller",
    "Olivia Brown",
    "Michael Davis",
    "Sophia Wilson",
    "Daniel Garcia",
    "Ava Martinez",
];
