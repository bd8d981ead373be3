--
-- PostgreSQL database dump
--

\restrict KDcuGlKX9aO930UuNQOIpY8rNxWbWvEkXXW0N5go77PqO2Z6rw8Ku6FqdoaGbHG

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: assignment; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.assignment (
    id character varying NOT NULL,
    batch_id character varying NOT NULL,
    scenario_id character varying NOT NULL,
    language character varying NOT NULL,
    trainee_id character varying NOT NULL,
    team_id character varying,
    assigned_by character varying NOT NULL,
    due_at timestamp with time zone NOT NULL,
    attempts_allowed integer NOT NULL,
    pass_mark double precision NOT NULL,
    mode character varying NOT NULL,
    reason character varying NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: assignment_attempt; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.assignment_attempt (
    session_id character varying NOT NULL,
    assignment_id character varying NOT NULL
);


--
-- Name: chat_thread; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chat_thread (
    id character varying NOT NULL,
    user_id character varying NOT NULL,
    name character varying,
    hidden boolean NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: judgeverdict; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.judgeverdict (
    key character varying NOT NULL,
    verdict json,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: practice_session; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.practice_session (
    id character varying NOT NULL,
    user_id character varying NOT NULL,
    scenario_id character varying NOT NULL,
    scenario_version character varying NOT NULL,
    language character varying NOT NULL,
    status character varying NOT NULL,
    end_reason character varying,
    llm character varying NOT NULL,
    seed integer NOT NULL,
    started_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone
);


--
-- Name: report; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.report (
    id character varying NOT NULL,
    session_id character varying NOT NULL,
    scenario_id character varying NOT NULL,
    scenario_version character varying NOT NULL,
    rubric_id character varying NOT NULL,
    rubric_version character varying NOT NULL,
    total double precision NOT NULL,
    passed boolean NOT NULL,
    data json,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: score_override; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.score_override (
    id character varying NOT NULL,
    session_id character varying NOT NULL,
    by_user_id character varying NOT NULL,
    original_total double precision NOT NULL,
    new_total double precision NOT NULL,
    reason character varying NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: team; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.team (
    id character varying NOT NULL,
    name character varying NOT NULL,
    manager_id character varying NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: team_member; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.team_member (
    team_id character varying NOT NULL,
    user_id character varying NOT NULL
);


--
-- Name: turn; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.turn (
    id character varying NOT NULL,
    session_id character varying NOT NULL,
    index integer NOT NULL,
    speaker character varying NOT NULL,
    text character varying NOT NULL,
    meta json,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: user; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public."user" (
    id character varying NOT NULL,
    name character varying NOT NULL,
    role character varying NOT NULL,
    password_hash character varying,
    language character varying NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Data for Name: assignment; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.assignment VALUES ('31a26a27858f4f2aaf962e71ccf44eca', '37d50b8e92b24599b4a9c8c275266fbb', 'sales-annuity-pre-retiree', 'en', 'f56585b7e2f9460fa9eb80fc7a4a95eb', '06702eb4830e446fa4bd84ff8a61a3b3', '7af87599003f4ae481670a31876eb7c8', '2026-12-15 00:00:00+00', 3, 60, 'exam', 'discovery is weakest', '2026-12-01 14:34:01.507232+00');


--
-- Data for Name: assignment_attempt; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.assignment_attempt VALUES ('c46ac7c793a847e48ea6ccd7caeae971', '31a26a27858f4f2aaf962e71ccf44eca');


--
-- Data for Name: chat_thread; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.chat_thread VALUES ('c46ac7c793a847e48ea6ccd7caeae971', 'f56585b7e2f9460fa9eb80fc7a4a95eb', 'thread c46ac7', true, '2026-12-01 14:34:01.50671+00');
INSERT INTO public.chat_thread VALUES ('cf1b3020e8fd49f5b5485c9d1ec5d986', 'a0dffa9f52744eebafa9ea007e89ea5e', 'thread cf1b30', false, '2026-12-01 14:34:01.506939+00');
INSERT INTO public.chat_thread VALUES ('4db0d83c78a047e8baacc9e6a7d3756e', '6372ce7856354ad795b1996f9e6fe153', 'thread 4db0d8', false, '2026-12-01 14:34:01.507012+00');
INSERT INTO public.chat_thread VALUES ('d99f19709fdd40e89119a2ff41ee2afd', 'f56585b7e2f9460fa9eb80fc7a4a95eb', 'thread d99f19', false, '2026-12-01 14:34:01.507079+00');


--
-- Data for Name: judgeverdict; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.judgeverdict VALUES ('kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk', '{"rapport": {"score": 3, "quote": "hello", "reason": "warm"}}', '2026-12-01 14:34:01.520201+00');


--
-- Data for Name: practice_session; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.practice_session VALUES ('cd74bddefdba4d0cb0d19ae7212bbc75', '6372ce7856354ad795b1996f9e6fe153', 'claims-bereaved-beneficiary', '1', 'zh', 'ended', 'trainee ended', '', 0, '2026-09-01 09:00:00+00', '2026-09-01 09:12:00+00');
INSERT INTO public.practice_session VALUES ('3e4f081852a64677b187e48359afc7f3', '6372ce7856354ad795b1996f9e6fe153', 'claims-health-exclusion', '1', 'en', 'ended', 'trainee ended', '', 0, '2026-09-02 09:00:00+00', '2026-09-02 09:12:00+00');
INSERT INTO public.practice_session VALUES ('4db0d83c78a047e8baacc9e6a7d3756e', '6372ce7856354ad795b1996f9e6fe153', 'claims-motor-fnol', '1', 'en', 'ended', 'trainee ended', '', 0, '2026-09-03 09:00:00+00', '2026-09-03 09:12:00+00');
INSERT INTO public.practice_session VALUES ('434e652b1f9a47638f3085b25d371bf5', 'a0dffa9f52744eebafa9ea007e89ea5e', 'claims-health-exclusion', '1', 'en', 'ended', 'trainee ended', '', 0, '2026-09-01 09:01:00+00', '2026-09-01 09:13:00+00');
INSERT INTO public.practice_session VALUES ('40bfec9337f7416ab6b35b8a37afdf8e', 'a0dffa9f52744eebafa9ea007e89ea5e', 'claims-motor-fnol', '1', 'en', 'ended', 'trainee ended', '', 0, '2026-09-02 09:01:00+00', '2026-09-02 09:13:00+00');
INSERT INTO public.practice_session VALUES ('cf1b3020e8fd49f5b5485c9d1ec5d986', 'a0dffa9f52744eebafa9ea007e89ea5e', 'claims-theft-red-flags', '1', 'zh', 'ended', 'trainee ended', '', 0, '2026-09-03 09:01:00+00', '2026-09-03 09:13:00+00');
INSERT INTO public.practice_session VALUES ('5defd17ce1af4349b1b490181b6e33cb', 'f56585b7e2f9460fa9eb80fc7a4a95eb', 'claims-motor-fnol', '1', 'en', 'ended', 'trainee ended', '', 0, '2026-09-01 09:02:00+00', '2026-09-01 09:14:00+00');
INSERT INTO public.practice_session VALUES ('d99f19709fdd40e89119a2ff41ee2afd', 'f56585b7e2f9460fa9eb80fc7a4a95eb', 'claims-theft-red-flags', '1', 'zh', 'ended', 'trainee ended', '', 0, '2026-09-02 09:02:00+00', '2026-09-02 09:14:00+00');
INSERT INTO public.practice_session VALUES ('c46ac7c793a847e48ea6ccd7caeae971', 'f56585b7e2f9460fa9eb80fc7a4a95eb', 'sales-annuity-pre-retiree', '1', 'en', 'ended', 'trainee ended', '', 0, '2026-09-03 09:02:00+00', '2026-09-03 09:14:00+00');
INSERT INTO public.practice_session VALUES ('7d3ad1d163aa49a386c086a0ab4dbbc9', '30c1db64f6174b469b2e9e50a02578f7', 'claims-motor-fnol', '1', 'zh', 'active', NULL, '', 0, '2026-12-01 14:34:01.528046+00', NULL);


--
-- Data for Name: report; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.report VALUES ('860d2856482640cb8e2319dededb9ff6', 'cd74bddefdba4d0cb0d19ae7212bbc75', 'claims-bereaved-beneficiary', '1', 'claims-default', '1', 58.8, false, '{"scenario_id": "claims-bereaved-beneficiary", "scenario_version": "1", "rubric_id": "claims-default", "rubric_version": "1", "lang": "zh", "kind": "claims", "total": 58.8, "pass_mark": 60.0, "passed": false, "blockers": [], "violations": [], "dimensions": [{"dimension": "rapport", "name": "Rapport and empathy", "weight": 1.0, "score": 1.09, "percent": 27.2, "evidence": []}, {"dimension": "discovery", "name": "Fact finding", "weight": 1.5, "score": 2.38, "percent": 59.4, "evidence": []}, {"dimension": "objection_handling", "name": "Handling concerns (LAER)", "weight": 2.0, "score": 2.7, "percent": 67.4, "evidence": []}, {"dimension": "product_knowledge", "name": "Policy knowledge and accuracy", "weight": 1.0, "score": 2.33, "percent": 58.2, "evidence": []}, {"dimension": "compliance", "name": "Compliance", "weight": 1.5, "score": 2.62, "percent": 65.6, "evidence": []}, {"dimension": "closing", "name": "Next steps and expectations", "weight": 1.0, "score": 2.51, "percent": 62.9, "evidence": []}, {"dimension": "clarity", "name": "Clarity", "weight": 0.5, "score": 2.32, "percent": 57.9, "evidence": []}], "objections": {"claims-grief-no-forms": "resolved", "claims-grief-looking-for-reason": "raised", "claims-grief-money-feels-wrong": "resolved"}, "turns": [], "top_recommendations": [], "timeline": [], "outcome": "hung_up"}', '2026-09-01 09:12:00+00');
INSERT INTO public.report VALUES ('4de392a939cb4db6bf6a76d1c71aa1a7', '3e4f081852a64677b187e48359afc7f3', 'claims-health-exclusion', '1', 'claims-default', '1', 62.8, true, '{"scenario_id": "claims-health-exclusion", "scenario_version": "1", "rubric_id": "claims-default", "rubric_version": "1", "lang": "en", "kind": "claims", "total": 62.8, "pass_mark": 60.0, "passed": true, "blockers": [], "violations": [], "dimensions": [{"dimension": "rapport", "name": "Rapport and empathy", "weight": 1.0, "score": 1.04, "percent": 26.0, "evidence": []}, {"dimension": "discovery", "name": "Fact finding", "weight": 1.5, "score": 2.65, "percent": 66.3, "evidence": []}, {"dimension": "objection_handling", "name": "Handling concerns (LAER)", "weight": 2.0, "score": 2.91, "percent": 72.7, "evidence": []}, {"dimension": "product_knowledge", "name": "Policy knowledge and accuracy", "weight": 1.0, "score": 2.46, "percent": 61.5, "evidence": []}, {"dimension": "compliance", "name": "Compliance", "weight": 1.5, "score": 2.52, "percent": 63.1, "evidence": []}, {"dimension": "closing", "name": "Next steps and expectations", "weight": 1.0, "score": 2.78, "percent": 69.5, "evidence": []}, {"dimension": "clarity", "name": "Clarity", "weight": 0.5, "score": 2.99, "percent": 74.7, "evidence": []}], "objections": {"claims-excl-not-told": "resolved", "claims-excl-bank-said": "raised", "claims-excl-out-of-pocket": "resolved"}, "turns": [], "top_recommendations": [], "timeline": [], "outcome": "agreed"}', '2026-09-02 09:12:00+00');
INSERT INTO public.report VALUES ('68a791d72e9341639fc64797f28f8903', '4db0d83c78a047e8baacc9e6a7d3756e', 'claims-motor-fnol', '1', 'claims-default', '1', 63.6, true, '{"scenario_id": "claims-motor-fnol", "scenario_version": "1", "rubric_id": "claims-default", "rubric_version": "1", "lang": "en", "kind": "claims", "total": 63.6, "pass_mark": 60.0, "passed": true, "blockers": [], "violations": [], "dimensions": [{"dimension": "rapport", "name": "Rapport and empathy", "weight": 1.0, "score": 1.63, "percent": 40.7, "evidence": []}, {"dimension": "discovery", "name": "Fact finding", "weight": 1.5, "score": 2.67, "percent": 66.6, "evidence": []}, {"dimension": "objection_handling", "name": "Handling concerns (LAER)", "weight": 2.0, "score": 2.57, "percent": 64.3, "evidence": []}, {"dimension": "product_knowledge", "name": "Policy knowledge and accuracy", "weight": 1.0, "score": 2.56, "percent": 63.9, "evidence": []}, {"dimension": "compliance", "name": "Compliance", "weight": 1.5, "score": 2.68, "percent": 66.9, "evidence": []}, {"dimension": "closing", "name": "Next steps and expectations", "weight": 1.0, "score": 3.0, "percent": 75.1, "evidence": []}, {"dimension": "clarity", "name": "Clarity", "weight": 0.5, "score": 2.6, "percent": 64.9, "evidence": []}], "objections": {"claims-fnol-send-questions": "raised", "claims-fnol-why-police-report": "resolved", "claims-fnol-premium-rise": "raised"}, "turns": [], "top_recommendations": [], "timeline": [], "outcome": "agreed"}', '2026-09-03 09:12:00+00');
INSERT INTO public.report VALUES ('bb7a3ab5e7344767b82fdfbe1c2b8b46', '434e652b1f9a47638f3085b25d371bf5', 'claims-health-exclusion', '1', 'claims-default', '1', 55.5, false, '{"scenario_id": "claims-health-exclusion", "scenario_version": "1", "rubric_id": "claims-default", "rubric_version": "1", "lang": "en", "kind": "claims", "total": 55.5, "pass_mark": 60.0, "passed": false, "blockers": [], "violations": [], "dimensions": [{"dimension": "rapport", "name": "Rapport and empathy", "weight": 1.0, "score": 2.32, "percent": 58.0, "evidence": []}, {"dimension": "discovery", "name": "Fact finding", "weight": 1.5, "score": 0.92, "percent": 23.0, "evidence": []}, {"dimension": "objection_handling", "name": "Handling concerns (LAER)", "weight": 2.0, "score": 2.41, "percent": 60.3, "evidence": []}, {"dimension": "product_knowledge", "name": "Policy knowledge and accuracy", "weight": 1.0, "score": 2.72, "percent": 67.9, "evidence": []}, {"dimension": "compliance", "name": "Compliance", "weight": 1.5, "score": 2.55, "percent": 63.8, "evidence": []}, {"dimension": "closing", "name": "Next steps and expectations", "weight": 1.0, "score": 2.48, "percent": 62.0, "evidence": []}, {"dimension": "clarity", "name": "Clarity", "weight": 0.5, "score": 2.65, "percent": 66.4, "evidence": []}], "objections": {"claims-excl-not-told": "resolved", "claims-excl-bank-said": "raised", "claims-excl-out-of-pocket": "raised"}, "turns": [], "top_recommendations": [], "timeline": [], "outcome": "hung_up"}', '2026-09-01 09:13:00+00');
INSERT INTO public.report VALUES ('6b4108fa57fa4db2a6a3b2ad3503cc8d', '40bfec9337f7416ab6b35b8a37afdf8e', 'claims-motor-fnol', '1', 'claims-default', '1', 62.6, true, '{"scenario_id": "claims-motor-fnol", "scenario_version": "1", "rubric_id": "claims-default", "rubric_version": "1", "lang": "en", "kind": "claims", "total": 62.6, "pass_mark": 60.0, "passed": true, "blockers": [], "violations": [], "dimensions": [{"dimension": "rapport", "name": "Rapport and empathy", "weight": 1.0, "score": 2.54, "percent": 63.4, "evidence": []}, {"dimension": "discovery", "name": "Fact finding", "weight": 1.5, "score": 1.35, "percent": 33.7, "evidence": []}, {"dimension": "objection_handling", "name": "Handling concerns (LAER)", "weight": 2.0, "score": 2.72, "percent": 67.9, "evidence": []}, {"dimension": "product_knowledge", "name": "Policy knowledge and accuracy", "weight": 1.0, "score": 2.94, "percent": 73.5, "evidence": []}, {"dimension": "compliance", "name": "Compliance", "weight": 1.5, "score": 2.85, "percent": 71.2, "evidence": []}, {"dimension": "closing", "name": "Next steps and expectations", "weight": 1.0, "score": 2.56, "percent": 64.1, "evidence": []}, {"dimension": "clarity", "name": "Clarity", "weight": 0.5, "score": 3.01, "percent": 75.2, "evidence": []}], "objections": {"claims-fnol-send-questions": "resolved", "claims-fnol-why-police-report": "raised", "claims-fnol-premium-rise": "resolved"}, "turns": [], "top_recommendations": [], "timeline": [], "outcome": "agreed"}', '2026-09-02 09:13:00+00');
INSERT INTO public.report VALUES ('0213673df7684c5dacf4b352c8c13119', 'cf1b3020e8fd49f5b5485c9d1ec5d986', 'claims-theft-red-flags', '1', 'claims-default', '1', 64.4, true, '{"scenario_id": "claims-theft-red-flags", "scenario_version": "1", "rubric_id": "claims-default", "rubric_version": "1", "lang": "zh", "kind": "claims", "total": 64.4, "pass_mark": 60.0, "passed": true, "blockers": [], "violations": [], "dimensions": [{"dimension": "rapport", "name": "Rapport and empathy", "weight": 1.0, "score": 2.79, "percent": 69.8, "evidence": []}, {"dimension": "discovery", "name": "Fact finding", "weight": 1.5, "score": 1.11, "percent": 27.6, "evidence": []}, {"dimension": "objection_handling", "name": "Handling concerns (LAER)", "weight": 2.0, "score": 2.91, "percent": 72.7, "evidence": []}, {"dimension": "product_knowledge", "name": "Policy knowledge and accuracy", "weight": 1.0, "score": 2.97, "percent": 74.2, "evidence": []}, {"dimension": "compliance", "name": "Compliance", "weight": 1.5, "score": 2.85, "percent": 71.2, "evidence": []}, {"dimension": "closing", "name": "Next steps and expectations", "weight": 1.0, "score": 3.04, "percent": 76.0, "evidence": []}, {"dimension": "clarity", "name": "Clarity", "weight": 0.5, "score": 2.68, "percent": 67.0, "evidence": []}], "objections": {"claims-theft-pay-this-week": "raised", "claims-theft-calling-me-liar": "raised"}, "turns": [], "top_recommendations": [], "timeline": [], "outcome": "agreed"}', '2026-09-03 09:13:00+00');
INSERT INTO public.report VALUES ('2e43ebdd238e4122957dfeacba78327d', '5defd17ce1af4349b1b490181b6e33cb', 'claims-motor-fnol', '1', 'claims-default', '1', 59.1, false, '{"scenario_id": "claims-motor-fnol", "scenario_version": "1", "rubric_id": "claims-default", "rubric_version": "1", "lang": "en", "kind": "claims", "total": 59.1, "pass_mark": 60.0, "passed": false, "blockers": [], "violations": [], "dimensions": [{"dimension": "rapport", "name": "Rapport and empathy", "weight": 1.0, "score": 2.57, "percent": 64.3, "evidence": []}, {"dimension": "discovery", "name": "Fact finding", "weight": 1.5, "score": 2.82, "percent": 70.4, "evidence": []}, {"dimension": "objection_handling", "name": "Handling concerns (LAER)", "weight": 2.0, "score": 1.48, "percent": 37.1, "evidence": []}, {"dimension": "product_knowledge", "name": "Policy knowledge and accuracy", "weight": 1.0, "score": 2.58, "percent": 64.6, "evidence": []}, {"dimension": "compliance", "name": "Compliance", "weight": 1.5, "score": 2.71, "percent": 67.6, "evidence": []}, {"dimension": "closing", "name": "Next steps and expectations", "weight": 1.0, "score": 2.32, "percent": 58.0, "evidence": []}, {"dimension": "clarity", "name": "Clarity", "weight": 0.5, "score": 2.73, "percent": 68.2, "evidence": []}], "objections": {"claims-fnol-send-questions": "raised", "claims-fnol-why-police-report": "raised", "claims-fnol-premium-rise": "resolved"}, "turns": [], "top_recommendations": [], "timeline": [], "outcome": "hung_up"}', '2026-09-01 09:14:00+00');
INSERT INTO public.report VALUES ('5338e144b1f741de8b3936902ea935c8', 'd99f19709fdd40e89119a2ff41ee2afd', 'claims-theft-red-flags', '1', 'claims-default', '1', 55.6, false, '{"scenario_id": "claims-theft-red-flags", "scenario_version": "1", "rubric_id": "claims-default", "rubric_version": "1", "lang": "zh", "kind": "claims", "total": 55.6, "pass_mark": 60.0, "passed": false, "blockers": [], "violations": [], "dimensions": [{"dimension": "rapport", "name": "Rapport and empathy", "weight": 1.0, "score": 2.63, "percent": 65.7, "evidence": []}, {"dimension": "discovery", "name": "Fact finding", "weight": 1.5, "score": 2.81, "percent": 70.2, "evidence": []}, {"dimension": "objection_handling", "name": "Handling concerns (LAER)", "weight": 2.0, "score": 0.99, "percent": 24.9, "evidence": []}, {"dimension": "product_knowledge", "name": "Policy knowledge and accuracy", "weight": 1.0, "score": 2.68, "percent": 66.9, "evidence": []}, {"dimension": "compliance", "name": "Compliance", "weight": 1.5, "score": 2.49, "percent": 62.2, "evidence": []}, {"dimension": "closing", "name": "Next steps and expectations", "weight": 1.0, "score": 2.45, "percent": 61.4, "evidence": []}, {"dimension": "clarity", "name": "Clarity", "weight": 0.5, "score": 2.42, "percent": 60.4, "evidence": []}], "objections": {"claims-theft-pay-this-week": "resolved", "claims-theft-calling-me-liar": "resolved"}, "turns": [], "top_recommendations": [], "timeline": [], "outcome": "hung_up"}', '2026-09-02 09:14:00+00');
INSERT INTO public.report VALUES ('3bf1171749374a60b04c5f38c6564998', 'c46ac7c793a847e48ea6ccd7caeae971', 'sales-annuity-pre-retiree', '1', 'sales-default', '1', 62.1, true, '{"scenario_id": "sales-annuity-pre-retiree", "scenario_version": "1", "rubric_id": "sales-default", "rubric_version": "1", "lang": "en", "kind": "sales", "total": 62.1, "pass_mark": 60.0, "passed": true, "blockers": [], "violations": [], "dimensions": [{"dimension": "rapport", "name": "Rapport and empathy", "weight": 1.0, "score": 2.73, "percent": 68.3, "evidence": []}, {"dimension": "discovery", "name": "Discovery (needs analysis)", "weight": 1.5, "score": 3.04, "percent": 75.9, "evidence": []}, {"dimension": "objection_handling", "name": "Objection handling (LAER)", "weight": 2.0, "score": 1.13, "percent": 28.3, "evidence": []}, {"dimension": "product_knowledge", "name": "Product knowledge and accuracy", "weight": 1.0, "score": 2.77, "percent": 69.2, "evidence": []}, {"dimension": "compliance", "name": "Compliance", "weight": 1.5, "score": 2.83, "percent": 70.8, "evidence": []}, {"dimension": "closing", "name": "Closing and next step", "weight": 1.0, "score": 3.05, "percent": 76.1, "evidence": []}, {"dimension": "clarity", "name": "Clarity", "weight": 0.5, "score": 3.0, "percent": 75.1, "evidence": []}], "objections": {"sales-annuity-cd-rate": "resolved", "sales-annuity-locked-up": "resolved", "sales-annuity-not-fdic": "resolved"}, "turns": [], "top_recommendations": [], "timeline": [], "outcome": "agreed"}', '2026-09-03 09:14:00+00');


--
-- Data for Name: score_override; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.score_override VALUES ('66435fa234954d4db9a00f7624cfee15', 'cf1b3020e8fd49f5b5485c9d1ec5d986', '7af87599003f4ae481670a31876eb7c8', 55, 61, 're-marked after listening', '2026-12-01 14:34:01.515342+00');


--
-- Data for Name: team; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.team VALUES ('06702eb4830e446fa4bd84ff8a61a3b3', 'north', '7af87599003f4ae481670a31876eb7c8', '2026-12-01 14:34:01.463538+00');


--
-- Data for Name: team_member; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.team_member VALUES ('06702eb4830e446fa4bd84ff8a61a3b3', '6372ce7856354ad795b1996f9e6fe153');
INSERT INTO public.team_member VALUES ('06702eb4830e446fa4bd84ff8a61a3b3', 'a0dffa9f52744eebafa9ea007e89ea5e');
INSERT INTO public.team_member VALUES ('06702eb4830e446fa4bd84ff8a61a3b3', 'f56585b7e2f9460fa9eb80fc7a4a95eb');


--
-- Data for Name: turn; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.turn VALUES ('06a9c66747c44067a01222feeb3a5a59', 'cd74bddefdba4d0cb0d19ae7212bbc75', 0, 'customer', 'Hello.', '{}', '2026-12-01 14:34:01.464174+00');
INSERT INTO public.turn VALUES ('ecd8991443c443bd9bb6b48802017907', 'cd74bddefdba4d0cb0d19ae7212bbc75', 1, 'trainee', 'Hello, my number is 13812345678.', '{}', '2026-12-01 14:34:01.46427+00');
INSERT INTO public.turn VALUES ('5b9cf0713d404d1ea7fe8704b0cc4ced', '3e4f081852a64677b187e48359afc7f3', 0, 'customer', 'Hello.', '{}', '2026-12-01 14:34:01.464582+00');
INSERT INTO public.turn VALUES ('02dcc0982b984e96a57b5079cbc0cfe1', '3e4f081852a64677b187e48359afc7f3', 1, 'trainee', 'Hello, my number is 13812345678.', '{}', '2026-12-01 14:34:01.464667+00');
INSERT INTO public.turn VALUES ('5c0bdde7f6c1433da562e6fc2b8a1f17', '4db0d83c78a047e8baacc9e6a7d3756e', 0, 'customer', 'Hello.', '{}', '2026-12-01 14:34:01.46492+00');
INSERT INTO public.turn VALUES ('189dd0daebfe4f2d9eeb8b5f6bc42db7', '4db0d83c78a047e8baacc9e6a7d3756e', 1, 'trainee', 'Hello, my number is 13812345678.', '{}', '2026-12-01 14:34:01.464994+00');
INSERT INTO public.turn VALUES ('2769e83cf49041e4a9fa4023dc445e71', '434e652b1f9a47638f3085b25d371bf5', 0, 'customer', 'Hello.', '{}', '2026-12-01 14:34:01.465301+00');
INSERT INTO public.turn VALUES ('3493811f4604413da1bc0547b7286d54', '434e652b1f9a47638f3085b25d371bf5', 1, 'trainee', 'Hello, my number is 13812345678.', '{}', '2026-12-01 14:34:01.465377+00');
INSERT INTO public.turn VALUES ('956f2d544973435a8c6c43d361375ea5', '40bfec9337f7416ab6b35b8a37afdf8e', 0, 'customer', 'Hello.', '{}', '2026-12-01 14:34:01.465655+00');
INSERT INTO public.turn VALUES ('f8354efb769a4a9f90d2bfcd1ea7868f', '40bfec9337f7416ab6b35b8a37afdf8e', 1, 'trainee', 'Hello, my number is 13812345678.', '{}', '2026-12-01 14:34:01.465745+00');
INSERT INTO public.turn VALUES ('24b5b4290d96493c96e92401faa38f53', 'cf1b3020e8fd49f5b5485c9d1ec5d986', 0, 'customer', 'Hello.', '{}', '2026-12-01 14:34:01.46603+00');
INSERT INTO public.turn VALUES ('74bce040228c41568a92a5f3c7982589', 'cf1b3020e8fd49f5b5485c9d1ec5d986', 1, 'trainee', 'Hello, my number is 13812345678.', '{}', '2026-12-01 14:34:01.466106+00');
INSERT INTO public.turn VALUES ('666aaa8605064e4b8c4fc71b55ae9eb9', '5defd17ce1af4349b1b490181b6e33cb', 0, 'customer', 'Hello.', '{}', '2026-12-01 14:34:01.4666+00');
INSERT INTO public.turn VALUES ('c7fe6b351123407b80908a32792e00d7', '5defd17ce1af4349b1b490181b6e33cb', 1, 'trainee', 'Hello, my number is 13812345678.', '{}', '2026-12-01 14:34:01.466753+00');
INSERT INTO public.turn VALUES ('3d3036d27f8441dab9925cf9c6412b38', 'd99f19709fdd40e89119a2ff41ee2afd', 0, 'customer', 'Hello.', '{}', '2026-12-01 14:34:01.467116+00');
INSERT INTO public.turn VALUES ('407eaa7529a84331bd2e8317eea3cbda', 'd99f19709fdd40e89119a2ff41ee2afd', 1, 'trainee', 'Hello, my number is 13812345678.', '{}', '2026-12-01 14:34:01.4672+00');
INSERT INTO public.turn VALUES ('8924eb028fea4b62a17806f65f23fcc7', 'c46ac7c793a847e48ea6ccd7caeae971', 0, 'customer', 'Hello.', '{}', '2026-12-01 14:34:01.467782+00');
INSERT INTO public.turn VALUES ('4b6aba162b5f4271b586a5bc192681db', 'c46ac7c793a847e48ea6ccd7caeae971', 1, 'trainee', 'Hello, my number is 13812345678.', '{}', '2026-12-01 14:34:01.467925+00');
INSERT INTO public.turn VALUES ('871fe4519060495f9c79a12f436ff529', '4db0d83c78a047e8baacc9e6a7d3756e', 1, 'trainee', 'said twice, at once', '{}', '2026-12-01 14:34:01.515465+00');
INSERT INTO public.turn VALUES ('e7b8eddac17e4adb8ba57f84c620a8ea', '7d3ad1d163aa49a386c086a0ab4dbbc9', 0, 'customer', '您好，我的车被撞了。', '{}', '2026-12-01 14:34:01.531949+00');
INSERT INTO public.turn VALUES ('2def7912db6c4d499e174e5257e6605b', '7d3ad1d163aa49a386c086a0ab4dbbc9', 1, 'trainee', '您好，您人没事吧？电话13812345678', '{}', '2026-12-01 14:34:01.533849+00');


--
-- Data for Name: user; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public."user" VALUES ('7af87599003f4ae481670a31876eb7c8', 'mona', 'manager', NULL, 'en', '2026-12-01 14:34:01.463341+00');
INSERT INTO public."user" VALUES ('6372ce7856354ad795b1996f9e6fe153', 'north-t000', 'trainee', NULL, 'en', '2026-12-01 14:34:01.463629+00');
INSERT INTO public."user" VALUES ('a0dffa9f52744eebafa9ea007e89ea5e', 'north-t001', 'trainee', NULL, 'en', '2026-12-01 14:34:01.463706+00');
INSERT INTO public."user" VALUES ('f56585b7e2f9460fa9eb80fc7a4a95eb', 'north-t002', 'trainee', NULL, 'en', '2026-12-01 14:34:01.463772+00');
INSERT INTO public."user" VALUES ('30c1db64f6174b469b2e9e50a02578f7', 'walk-in', 'trainee', NULL, 'en', '2026-12-01 14:34:01.526472+00');


--
-- Name: assignment_attempt assignment_attempt_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assignment_attempt
    ADD CONSTRAINT assignment_attempt_pkey PRIMARY KEY (session_id);


--
-- Name: assignment assignment_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assignment
    ADD CONSTRAINT assignment_pkey PRIMARY KEY (id);


--
-- Name: chat_thread chat_thread_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_thread
    ADD CONSTRAINT chat_thread_pkey PRIMARY KEY (id);


--
-- Name: judgeverdict judgeverdict_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.judgeverdict
    ADD CONSTRAINT judgeverdict_pkey PRIMARY KEY (key);


--
-- Name: practice_session practice_session_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.practice_session
    ADD CONSTRAINT practice_session_pkey PRIMARY KEY (id);


--
-- Name: report report_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.report
    ADD CONSTRAINT report_pkey PRIMARY KEY (id);


--
-- Name: score_override score_override_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.score_override
    ADD CONSTRAINT score_override_pkey PRIMARY KEY (id);


--
-- Name: team_member team_member_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.team_member
    ADD CONSTRAINT team_member_pkey PRIMARY KEY (team_id, user_id);


--
-- Name: team team_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.team
    ADD CONSTRAINT team_pkey PRIMARY KEY (id);


--
-- Name: turn turn_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.turn
    ADD CONSTRAINT turn_pkey PRIMARY KEY (id);


--
-- Name: user user_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public."user"
    ADD CONSTRAINT user_pkey PRIMARY KEY (id);


--
-- Name: ix_assignment_attempt_assignment_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_assignment_attempt_assignment_id ON public.assignment_attempt USING btree (assignment_id);


--
-- Name: ix_assignment_batch_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_assignment_batch_id ON public.assignment USING btree (batch_id);


--
-- Name: ix_assignment_trainee_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_assignment_trainee_id ON public.assignment USING btree (trainee_id);


--
-- Name: ix_chat_thread_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_chat_thread_user_id ON public.chat_thread USING btree (user_id);


--
-- Name: ix_practice_session_user_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_practice_session_user_id ON public.practice_session USING btree (user_id);


--
-- Name: ix_report_session_id; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_report_session_id ON public.report USING btree (session_id);


--
-- Name: ix_score_override_session_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_score_override_session_id ON public.score_override USING btree (session_id);


--
-- Name: ix_team_manager_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_team_manager_id ON public.team USING btree (manager_id);


--
-- Name: ix_team_name; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_team_name ON public.team USING btree (name);


--
-- Name: ix_turn_session_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_turn_session_id ON public.turn USING btree (session_id);


--
-- Name: ix_user_name; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ix_user_name ON public."user" USING btree (name);


--
-- Name: assignment assignment_assigned_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assignment
    ADD CONSTRAINT assignment_assigned_by_fkey FOREIGN KEY (assigned_by) REFERENCES public."user"(id);


--
-- Name: assignment_attempt assignment_attempt_assignment_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assignment_attempt
    ADD CONSTRAINT assignment_attempt_assignment_id_fkey FOREIGN KEY (assignment_id) REFERENCES public.assignment(id);


--
-- Name: assignment_attempt assignment_attempt_session_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assignment_attempt
    ADD CONSTRAINT assignment_attempt_session_id_fkey FOREIGN KEY (session_id) REFERENCES public.practice_session(id);


--
-- Name: assignment assignment_team_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assignment
    ADD CONSTRAINT assignment_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.team(id);


--
-- Name: assignment assignment_trainee_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assignment
    ADD CONSTRAINT assignment_trainee_id_fkey FOREIGN KEY (trainee_id) REFERENCES public."user"(id);


--
-- Name: chat_thread chat_thread_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chat_thread
    ADD CONSTRAINT chat_thread_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id);


--
-- Name: practice_session practice_session_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.practice_session
    ADD CONSTRAINT practice_session_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id);


--
-- Name: report report_session_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.report
    ADD CONSTRAINT report_session_id_fkey FOREIGN KEY (session_id) REFERENCES public.practice_session(id);


--
-- Name: score_override score_override_by_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.score_override
    ADD CONSTRAINT score_override_by_user_id_fkey FOREIGN KEY (by_user_id) REFERENCES public."user"(id);


--
-- Name: score_override score_override_session_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.score_override
    ADD CONSTRAINT score_override_session_id_fkey FOREIGN KEY (session_id) REFERENCES public.practice_session(id);


--
-- Name: team team_manager_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.team
    ADD CONSTRAINT team_manager_id_fkey FOREIGN KEY (manager_id) REFERENCES public."user"(id);


--
-- Name: team_member team_member_team_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.team_member
    ADD CONSTRAINT team_member_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.team(id);


--
-- Name: team_member team_member_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.team_member
    ADD CONSTRAINT team_member_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id);


--
-- Name: turn turn_session_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.turn
    ADD CONSTRAINT turn_session_id_fkey FOREIGN KEY (session_id) REFERENCES public.practice_session(id);


--
-- PostgreSQL database dump complete
--

\unrestrict KDcuGlKX9aO930UuNQOIpY8rNxWbWvEkXXW0N5go77PqO2Z6rw8Ku6FqdoaGbHG

